using System.Buffers.Binary;
using Veil.Core;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// The key schedule of the confidential envelopes (DESIGN §5, §6), shared by the clients that seal and
/// the enclaves that open, so both sides derive byte-for-byte the same AEAD keys. Every key is
/// HKDF-SHA256 over an X25519 shared secret with an empty salt and a label of its own, so a key for
/// one use can never open data sealed for another.
/// </summary>
public static class EnvelopeKeys
{
    public const string CommandLabel = "veil/command";
    public const string QueryLabel = "veil/query";
    public const string QueryResponseLabel = "veil/query-response";
    public const string KeyDeliveryLabel = "veil/key-delivery";

    /// <summary>Command key: context = ephemeral public key ‖ contract ECDH public key.</summary>
    public static void DeriveCommandKey(ReadOnlySpan<byte> sharedSecret, Hash256 ephemeralKey, Hash256 contractEcdhKey, Span<byte> key)
        => DerivePairKey(sharedSecret, CommandLabel, ephemeralKey, contractEcdhKey, key);

    /// <summary>Query request key: context = ephemeral public key ‖ contract ECDH public key.</summary>
    public static void DeriveQueryKey(ReadOnlySpan<byte> sharedSecret, Hash256 ephemeralKey, Hash256 contractEcdhKey, Span<byte> key)
        => DerivePairKey(sharedSecret, QueryLabel, ephemeralKey, contractEcdhKey, key);

    /// <summary>
    /// Query answer key, from the same shared secret as the request but its own label: only the holder of
    /// the request's ephemeral secret (the client) and the contract can compute it.
    /// </summary>
    public static void DeriveQueryResponseKey(ReadOnlySpan<byte> sharedSecret, Hash256 ephemeralKey, Hash256 contractEcdhKey, Span<byte> key)
        => DerivePairKey(sharedSecret, QueryResponseLabel, ephemeralKey, contractEcdhKey, key);

    /// <summary>Key delivery key: context = recipient ECDH public key ‖ contract id ‖ epoch (u32 LE).</summary>
    public static void DeriveKeyDeliveryKey(ReadOnlySpan<byte> sharedSecret, Hash256 recipientEcdhKey, Hash256 contractId, uint epoch, Span<byte> key)
    {
        Span<byte> context = stackalloc byte[Hash256.Size + Hash256.Size + sizeof(uint)];
        recipientEcdhKey.CopyTo(context);
        contractId.CopyTo(context[Hash256.Size..]);
        BinaryPrimitives.WriteUInt32LittleEndian(context[(2 * Hash256.Size)..], epoch);
        HkdfSha256.DeriveKey(sharedSecret, default, KeyDeliveryLabel, key, context);
    }

    private static void DerivePairKey(ReadOnlySpan<byte> sharedSecret, string label, Hash256 ephemeralKey, Hash256 contractEcdhKey, Span<byte> key)
    {
        if (key.Length != Aes256Gcm.KeySize)
        {
            throw new ArgumentException($"An envelope key is {Aes256Gcm.KeySize} bytes, not {key.Length}.", nameof(key));
        }

        Span<byte> context = stackalloc byte[2 * Hash256.Size];
        ephemeralKey.CopyTo(context);
        contractEcdhKey.CopyTo(context[Hash256.Size..]);
        HkdfSha256.DeriveKey(sharedSecret, default, label, key, context);
    }
}
