using Veil.Core;

namespace Veil.Protocol.Attestation;

/// <summary>
/// What a verifier accepts (DESIGN §5): the attestation roots it trusts, the enclave measurements it
/// allows, how old evidence may be, and how far ahead of the verifier's clock its timestamp may run.
/// The chain builds one from genesis (later governance); an enclave builds one to check a peer.
/// </summary>
public sealed class AttestationPolicy
{
    /// <summary>
    /// Ten minutes: long enough for a worker to start, attest and get its registration into a block,
    /// short enough that evidence leaked from a decommissioned machine soon stops being useful.
    /// </summary>
    public const ulong DefaultMaxAgeMs = 10 * 60 * 1000;

    /// <summary>One minute: block timestamps come from the author's clock, which may differ from the worker's.</summary>
    public const ulong DefaultMaxClockSkewMs = 60 * 1000;

    /// <summary>
    /// The secret URI of the attestation root that signs simulated evidence on dev chains. Its key is
    /// public knowledge, so only dev chain specs may list it as a trusted root.
    /// </summary>
    public const string DevAttestationRootUri = "//VeilDevAttestationRoot";

    private readonly HashSet<Hash256> _trustedRoots;
    private readonly HashSet<Hash256> _allowedMeasurements;

    public AttestationPolicy(IEnumerable<Hash256> trustedRoots, IEnumerable<Hash256> allowedMeasurements, ulong maxAgeMs = DefaultMaxAgeMs, ulong maxClockSkewMs = DefaultMaxClockSkewMs)
    {
        ArgumentNullException.ThrowIfNull(trustedRoots);
        ArgumentNullException.ThrowIfNull(allowedMeasurements);
        ArgumentOutOfRangeException.ThrowIfZero(maxAgeMs);
        _trustedRoots = [.. trustedRoots];
        _allowedMeasurements = [.. allowedMeasurements];
        MaxAgeMs = maxAgeMs;
        MaxClockSkewMs = maxClockSkewMs;

        // Sorted copies, so anything that lists or encodes the policy does so in one order everywhere.
        TrustedRoots = Sorted(_trustedRoots);
        AllowedMeasurements = Sorted(_allowedMeasurements);
    }

    /// <summary>Public keys of the attestation roots whose signatures (simulated) are accepted, in byte order.</summary>
    public IReadOnlyList<Hash256> TrustedRoots { get; }

    /// <summary>Enclave measurements that may register, in byte order.</summary>
    public IReadOnlyList<Hash256> AllowedMeasurements { get; }

    /// <summary>Evidence older than this (ms, against the verifier's clock) is stale.</summary>
    public ulong MaxAgeMs { get; }

    /// <summary>Evidence dated up to this far (ms) after the verifier's clock is still accepted.</summary>
    public ulong MaxClockSkewMs { get; }

    public bool TrustsRoot(Hash256 rootKey) => _trustedRoots.Contains(rootKey);

    public bool AllowsMeasurement(Hash256 measurement) => _allowedMeasurements.Contains(measurement);

    private static Hash256[] Sorted(HashSet<Hash256> set)
    {
        var items = new Hash256[set.Count];
        set.CopyTo(items);
        Array.Sort(items);
        return items;
    }
}
