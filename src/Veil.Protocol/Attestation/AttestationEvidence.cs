using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Attestation;

/// <summary>
/// What an enclave presents to join (DESIGN §5): platform, measurement of the enclave code, report data
/// binding its keys to this chain and operator, a timestamp (ms) for freshness, and the platform's proof
/// (a root signature over <c>"veil/attest" ‖ platform ‖ measurement ‖ report data ‖ timestamp</c> for the
/// simulated platform; a quote for hardware), plus the root key that signed it.
/// </summary>
public sealed record AttestationEvidence(EnclavePlatformKind Platform, Hash256 Measurement, Hash256 ReportData, ulong Timestamp, Hash256 RootKey, byte[] Proof)
{
    public const int MaxProofLength = 16 * 1024;

    private static readonly byte[] Domain = "veil/attest"u8.ToArray();

    public static byte[] SigningPayload(EnclavePlatformKind platform, Hash256 measurement, Hash256 reportData, ulong timestamp)
    {
        var writer = new ScaleWriter(stackalloc byte[128]);
        try
        {
            writer.WriteRaw(Domain);
            writer.WriteU8((byte)platform);
            writer.WriteHash(measurement);
            writer.WriteHash(reportData);
            writer.WriteU64(timestamp);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteU8((byte)Platform);
        writer.WriteHash(Measurement);
        writer.WriteHash(ReportData);
        writer.WriteU64(Timestamp);
        writer.WriteHash(RootKey);
        writer.WriteBytes(Proof);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Proof.Length + 128);
        try
        {
            Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static AttestationEvidence Decode(ref ScaleReader reader)
    {
        var platform = (EnclavePlatformKind)reader.ReadVariant(2, "EnclavePlatformKind");
        return new AttestationEvidence(platform, reader.ReadHash(), reader.ReadHash(), reader.ReadU64(), reader.ReadHash(), reader.ReadBytes(MaxProofLength).ToArray());
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out AttestationEvidence evidence, out string error)
    {
        var reader = new ScaleReader(bytes);
        evidence = Decode(ref reader);
        return reader.TryFinish(out error);
    }
}
