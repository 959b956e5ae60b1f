using System.Globalization;
using System.Reflection;
using System.Text;
using Veil.Core;
using Veil.Core.Hashing;

namespace Veil.Enclave.Platform;

/// <summary>
/// The measurement of the simulated enclave: BLAKE2b-256 of UTF-8 of a stable identity string,
/// <c>"veil-enclave/sim/v1" ‖ for each trusted assembly, ordered by name: ";" name "/" version "/" MVID</c>.
/// </summary>
/// <remarks>
/// The module version id (MVID) stands in for a hash of the assembly bytes: with <c>Deterministic</c>
/// builds (on in Directory.Build.props) the compiler derives it from a hash of the compiled output, so
/// the same source and compiler give the same MVID, and any change to the code gives another one. Unlike
/// hashing the file, it needs no file access, so it also works for single-file or trimmed hosts. Like
/// SGX's MRENCLAVE it identifies one build: every worker of a network must run the same binaries, and a
/// dev chain spec takes the measurement from <see cref="Current"/> when it is generated. The compiler
/// does embed the output path (through the PDB path), so builds in different directories differ unless
/// built with a path map (ContinuousIntegrationBuild).
/// </remarks>
public static class SimulatedMeasurement
{
    public const string IdentityPrefix = "veil-enclave/sim/v1";

    /// <summary>
    /// The trusted computing base: every assembly whose code runs inside the enclave — Core, Crypto,
    /// Protocol, Enclave, and the contract runtimes it hosts (Contracts with the built-ins, Wasm). A change
    /// to any of them (a Wallet bug fix included) is a new measurement, which a chain must allow before
    /// such a worker can register.
    /// </summary>
    public static IReadOnlyList<Assembly> TrustedAssemblies { get; } =
    [
        typeof(Hash256).Assembly,
        typeof(Veil.Crypto.Ed25519).Assembly,
        typeof(Veil.Protocol.Attestation.ReportData).Assembly,
        typeof(SimulatedMeasurement).Assembly,
        typeof(Veil.Contracts.Runtime.ContractInstance).Assembly,
        typeof(Veil.Wasm.WasmContract).Assembly,
    ];

    // Declared after TrustedAssemblies: static initializers run in text order.
    private static readonly Lazy<Hash256> CurrentMeasurement = new(() => Compute(TrustedAssemblies));

    /// <summary>The measurement of the running build over <see cref="TrustedAssemblies"/>.</summary>
    public static Hash256 Current => CurrentMeasurement.Value;

    /// <summary>The identity string of <paramref name="assemblies"/> (order and duplicates do not matter).</summary>
    public static string IdentityOf(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var entries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            var name = assembly.GetName();
            entries.Add(string.Create(CultureInfo.InvariantCulture, $"{name.Name}/{name.Version}/{assembly.ManifestModule.ModuleVersionId:N}"));
        }

        var identity = new StringBuilder(IdentityPrefix);
        foreach (var entry in entries)
        {
            identity.Append(';').Append(entry);
        }

        return identity.ToString();
    }

    public static Hash256 Compute(IEnumerable<Assembly> assemblies) => OfIdentity(IdentityOf(assemblies));

    /// <summary>The measurement of an identity string; tests use it to model another or a tampered enclave.</summary>
    public static Hash256 OfIdentity(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return Blake2b.Hash256(Encoding.UTF8.GetBytes(identity));
    }
}
