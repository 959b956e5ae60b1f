using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Confidential;

/// <summary>
/// The plaintext of a sealed query answer (DESIGN §5): the block the answer reflects — the enclave's last
/// accepted finalized block — and the contract's encoded result. Because it is inside the encryption, the
/// worker host cannot lie about it: a client that needs an answer reflecting at least block <c>n</c> (say,
/// the block holding its own command) checks <see cref="BlockNumber"/> instead of trusting the host's
/// /info, which defeats a host serving stale answers. SCALE: <c>block u32 ‖ block hash [u8; 32] ‖
/// result Vec&lt;u8&gt;</c>.
/// </summary>
public sealed record QueryAnswer(uint BlockNumber, Hash256 BlockHash, byte[] Result)
{
    public const int MaxResultLength = SealedQueryResponse.MaxAnswerLength - 64;

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Result.Length + 48);
        try
        {
            writer.WriteU32(BlockNumber);
            writer.WriteHash(BlockHash);
            writer.WriteBytes(Result);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes an opened answer; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out QueryAnswer answer, out string error)
    {
        var reader = new ScaleReader(bytes);
        answer = new QueryAnswer(reader.ReadU32(), reader.ReadHash(), reader.ReadBytes(MaxResultLength).ToArray());
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"query answer does not decode: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
