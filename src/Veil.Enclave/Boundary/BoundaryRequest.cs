using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Blocks;

namespace Veil.Enclave.Boundary;

/// <summary>
/// A host's request to its enclave, a SCALE enum:
/// <c>GetInfo | CreateEvidence(operator: AccountId, timestamp_ms: u64) | ProcessBlocks(batch: Vec&lt;u8&gt;)
/// | Checkpoint | Restore(sealed: Vec&lt;u8&gt;) | Query(sealed query: Vec&lt;u8&gt;) | Receipt(sealed query: Vec&lt;u8&gt;)</c>. The batch is <see cref="FinalizedBlockBundle.EncodeBatch"/>'s
/// output. These types live in the enclave assembly for now; the worker host will reference them (or
/// they move to Protocol when the host is written, with the same bytes).
/// </summary>
public sealed record BoundaryRequest(BoundaryRequestKind Kind, AccountId Operator, ulong TimestampMs, byte[] Data)
{
    /// <summary>Largest sealed checkpoint a Restore request may carry.</summary>
    public const int MaxCheckpointLength = 512 * 1024 * 1024;

    /// <summary>Largest encoded sealed query a Query request may carry (header plus the largest ciphertext).</summary>
    public const int MaxQueryLength = Veil.Protocol.Confidential.SealedQuery.MaxCiphertextLength + 128;

    public static BoundaryRequest GetInfo() => new(BoundaryRequestKind.GetInfo, default, 0, []);

    public static BoundaryRequest CreateEvidence(AccountId operatorAccount, ulong timestampMs) => new(BoundaryRequestKind.CreateEvidence, operatorAccount, timestampMs, []);

    public static BoundaryRequest ProcessBlocks(byte[] encodedBatch) => new(BoundaryRequestKind.ProcessBlocks, default, 0, encodedBatch);

    public static BoundaryRequest Checkpoint() => new(BoundaryRequestKind.Checkpoint, default, 0, []);

    public static BoundaryRequest Restore(byte[] sealedCheckpoint) => new(BoundaryRequestKind.Restore, default, 0, sealedCheckpoint);

    /// <summary>An encoded <see cref="Veil.Protocol.Confidential.SealedQuery"/>, as a client sent it.</summary>
    public static BoundaryRequest Query(byte[] sealedQuery) => new(BoundaryRequestKind.Query, default, 0, sealedQuery);

    /// <summary>A sealed query whose query bytes are a <see cref="Veil.Protocol.Confidential.ReceiptRequest"/>.</summary>
    public static BoundaryRequest Receipt(byte[] sealedQuery) => new(BoundaryRequestKind.Receipt, default, 0, sealedQuery);

    public byte[] Encode()
    {
        var writer = new ScaleWriter(64 + Data.Length);
        try
        {
            writer.WriteVariant((byte)Kind);
            switch (Kind)
            {
                case BoundaryRequestKind.CreateEvidence:
                    writer.WriteAccount(Operator);
                    writer.WriteU64(TimestampMs);
                    break;
                case BoundaryRequestKind.ProcessBlocks:
                case BoundaryRequestKind.Restore:
                case BoundaryRequestKind.Query:
                case BoundaryRequestKind.Receipt:
                    writer.WriteBytes(Data);
                    break;
                default:
                    break;
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes a request; never throws on bad bytes.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out BoundaryRequest request, out string error)
    {
        request = GetInfo();
        var reader = new ScaleReader(bytes);
        var kind = (BoundaryRequestKind)reader.ReadVariant(7, nameof(BoundaryRequest));
        var decoded = kind switch
        {
            BoundaryRequestKind.CreateEvidence => CreateEvidence(reader.ReadAccount(), reader.ReadU64()),
            BoundaryRequestKind.ProcessBlocks => ProcessBlocks(reader.ReadBytes(FinalizedBlockBundle.MaxBatchEncodedLength).ToArray()),
            BoundaryRequestKind.Checkpoint => Checkpoint(),
            BoundaryRequestKind.Restore => Restore(reader.ReadBytes(MaxCheckpointLength).ToArray()),
            BoundaryRequestKind.Query => Query(reader.ReadBytes(MaxQueryLength).ToArray()),
            BoundaryRequestKind.Receipt => Receipt(reader.ReadBytes(MaxQueryLength).ToArray()),
            _ => GetInfo(),
        };

        if (!reader.TryFinish(out var decodeError))
        {
            error = $"undecodable boundary request: {decodeError}";
            return false;
        }

        request = decoded;
        error = string.Empty;
        return true;
    }
}
