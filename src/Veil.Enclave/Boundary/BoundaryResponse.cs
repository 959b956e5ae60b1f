using Veil.Core.Scale;

namespace Veil.Enclave.Boundary;

/// <summary>
/// An enclave's answer, a SCALE enum:
/// <c>Error(String) | Info(EnclaveInfo) | Evidence(Vec&lt;u8&gt;) | Blocks(BlocksProcessed)
/// | Checkpoint(sealed: Vec&lt;u8&gt;, EnclaveInfo) | Restored(EnclaveInfo) | QueryAnswer(Vec&lt;u8&gt;)</c>.
/// <see cref="Bytes"/> holds the encoded AttestationEvidence, the sealed checkpoint or the encoded
/// SealedQueryResponse.
/// </summary>
public sealed record BoundaryResponse(BoundaryResponseKind Kind, string Error, EnclaveInfo? Info, byte[] Bytes, BlocksProcessed? Blocks)
{
    public const int MaxBytesLength = BoundaryRequest.MaxCheckpointLength;

    public bool IsError => Kind == BoundaryResponseKind.Error;

    public static BoundaryResponse ForError(string error) => new(BoundaryResponseKind.Error, error, null, [], null);

    public static BoundaryResponse ForInfo(EnclaveInfo info) => new(BoundaryResponseKind.Info, string.Empty, info, [], null);

    public static BoundaryResponse ForEvidence(byte[] evidence) => new(BoundaryResponseKind.Evidence, string.Empty, null, evidence, null);

    public static BoundaryResponse ForBlocks(BlocksProcessed blocks) => new(BoundaryResponseKind.Blocks, string.Empty, null, [], blocks);

    public static BoundaryResponse ForCheckpoint(byte[] sealedCheckpoint, EnclaveInfo info) => new(BoundaryResponseKind.Checkpoint, string.Empty, info, sealedCheckpoint, null);

    public static BoundaryResponse ForRestored(EnclaveInfo info) => new(BoundaryResponseKind.Restored, string.Empty, info, [], null);

    public static BoundaryResponse ForQueryAnswer(byte[] sealedResponse) => new(BoundaryResponseKind.QueryAnswer, string.Empty, null, sealedResponse, null);

    public byte[] Encode()
    {
        var writer = new ScaleWriter(256 + Bytes.Length);
        try
        {
            writer.WriteVariant((byte)Kind);
            switch (Kind)
            {
                case BoundaryResponseKind.Error:
                    writer.WriteString(Error);
                    break;
                case BoundaryResponseKind.Info:
                case BoundaryResponseKind.Restored:
                    Info!.Encode(ref writer);
                    break;
                case BoundaryResponseKind.Evidence:
                case BoundaryResponseKind.QueryAnswer:
                    writer.WriteBytes(Bytes);
                    break;
                case BoundaryResponseKind.Blocks:
                    Blocks!.Encode(ref writer);
                    break;
                case BoundaryResponseKind.Checkpoint:
                    writer.WriteBytes(Bytes);
                    Info!.Encode(ref writer);
                    break;
                default:
                    throw new InvalidOperationException($"unknown response kind {Kind}");
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes a response (the host's side); never throws on bad bytes.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out BoundaryResponse response, out string error)
    {
        response = ForError(string.Empty);
        var reader = new ScaleReader(bytes);
        var kind = (BoundaryResponseKind)reader.ReadVariant(7, nameof(BoundaryResponse));
        BoundaryResponse decoded;
        switch (kind)
        {
            case BoundaryResponseKind.Info:
                decoded = ForInfo(EnclaveInfo.Decode(ref reader));
                break;
            case BoundaryResponseKind.Restored:
                decoded = ForRestored(EnclaveInfo.Decode(ref reader));
                break;
            case BoundaryResponseKind.Evidence:
                decoded = ForEvidence(reader.ReadBytes(MaxBytesLength).ToArray());
                break;
            case BoundaryResponseKind.QueryAnswer:
                decoded = ForQueryAnswer(reader.ReadBytes(MaxBytesLength).ToArray());
                break;
            case BoundaryResponseKind.Blocks:
                decoded = ForBlocks(BlocksProcessed.Decode(ref reader));
                break;
            case BoundaryResponseKind.Checkpoint:
                var sealedCheckpoint = reader.ReadBytes(MaxBytesLength).ToArray();
                decoded = ForCheckpoint(sealedCheckpoint, EnclaveInfo.Decode(ref reader));
                break;
            default:
                decoded = ForError(reader.ReadString());
                break;
        }

        if (!reader.TryFinish(out var decodeError))
        {
            error = $"undecodable boundary response: {decodeError}";
            return false;
        }

        response = decoded;
        error = string.Empty;
        return true;
    }
}
