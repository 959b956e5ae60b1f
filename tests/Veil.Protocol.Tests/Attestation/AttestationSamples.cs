using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Attestation;

namespace Veil.Protocol.Tests.Attestation;

/// <summary>Fixed keys, hashes and evidence shared by the attestation tests.</summary>
internal static class AttestationSamples
{
    public const ulong Now = 1_700_000_000_000;

    /// <summary>Seed 0x01..0x20; Ed25519 signing is deterministic, so its signatures are golden.</summary>
    public static readonly Ed25519KeyPair Root = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static readonly Ed25519KeyPair OtherRoot = new(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    public static readonly Hash256 Measurement = Filled(0x11);

    public static readonly Hash256 IdentityKey = Filled(0xa1);

    public static readonly Hash256 EcdhKey = Filled(0xb2);

    public static readonly Hash256 Genesis = Filled(0xc3);

    public static readonly AccountId Operator = new(Enumerable.Repeat((byte)0xd4, 32).ToArray());

    public static Hash256 RootKey => new(Root.PublicKeyBytes);

    public static Hash256 BoundReportData => ReportData.Compute(IdentityKey, EcdhKey, Genesis, Operator);

    public static AttestationPolicy Policy => new([RootKey], [Measurement]);

    public static Hash256 Filled(byte value) => new(Enumerable.Repeat(value, 32).ToArray());

    /// <summary>Evidence as the simulated platform makes it: <paramref name="signer"/> signs the payload.</summary>
    public static AttestationEvidence Sign(Ed25519KeyPair signer, Hash256 measurement, Hash256 reportData, ulong timestamp, EnclavePlatformKind platform = EnclavePlatformKind.Simulated)
    {
        var payload = AttestationEvidence.SigningPayload(platform, measurement, reportData, timestamp);
        return new AttestationEvidence(platform, measurement, reportData, timestamp, new Hash256(signer.PublicKeyBytes), signer.Sign(payload));
    }

    public static AttestationEvidence Valid(ulong timestamp = Now) => Sign(Root, Measurement, BoundReportData, timestamp);
}
