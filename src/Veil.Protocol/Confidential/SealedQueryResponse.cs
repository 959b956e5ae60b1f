using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// A query's answer encrypted back to the asker (DESIGN §5). SCALE: <c>version u8 ‖ nonce [u8; 12] ‖
/// ciphertext Vec&lt;u8&gt;</c>: AES-256-GCM of the padded answer under HKDF(the request's X25519 shared
/// secret, "veil/query-response", ephemeral ‖ contract key), with associated data <c>request nonce ‖
/// contract id ‖ genesis hash</c>, so an answer cannot be passed off as the answer to another request.
/// Only the holder of the request's ephemeral secret — the client that sealed it — can read it.
/// </summary>
public sealed record SealedQueryResponse(byte Version, byte[] Nonce, byte[] Ciphertext)
{
    public const byte CurrentVersion = 1;

    /// <summary>Answers are padded like commands; the largest is 1 MiB padded.</summary>
    public const int MaxAnswerLength = (1 << 20) - PlaintextPadding.LengthPrefixSize;

    public const int MaxCiphertextLength = (1 << 20) + Aes256Gcm.TagSize;

    public const int AssociatedDataSize = Aes256Gcm.NonceSize + Hash256.Size + Hash256.Size;

    public static void WriteAssociatedData(ReadOnlySpan<byte> requestNonce, Hash256 contractId, Hash256 genesisHash, Span<byte> destination)
    {
        if (requestNonce.Length != Aes256Gcm.NonceSize)
        {
            throw new ArgumentException($"A request nonce is {Aes256Gcm.NonceSize} bytes, not {requestNonce.Length}.", nameof(requestNonce));
        }

        if (destination.Length != AssociatedDataSize)
        {
            throw new ArgumentException($"Query response associated data is {AssociatedDataSize} bytes, not {destination.Length}.", nameof(destination));
        }

        requestNonce.CopyTo(destination);
        contractId.CopyTo(destination[Aes256Gcm.NonceSize..]);
        genesisHash.CopyTo(destination[(Aes256Gcm.NonceSize + Hash256.Size)..]);
    }

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteRaw(Nonce);
        writer.WriteBytes(Ciphertext);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(1 + Aes256Gcm.NonceSize + 5 + Ciphertext.Length);
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

    /// <summary>Decodes a sealed answer from untrusted bytes (structure only); never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out SealedQueryResponse response, out string error)
    {
        var reader = new ScaleReader(bytes);
        var version = reader.ReadU8();
        var nonce = reader.ReadRaw(Aes256Gcm.NonceSize).ToArray();
        var ciphertext = reader.ReadBytes(MaxCiphertextLength).ToArray();
        response = new SealedQueryResponse(version, nonce, ciphertext);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"sealed query response does not decode: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
