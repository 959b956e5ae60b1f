using Veil.Core;
using Veil.Crypto.Native;

namespace Veil.Crypto;

/// <summary>
/// Ed25519 signature verification (RFC 8032) via libsodium's <c>crypto_sign_verify_detached</c>.
/// libsodium is strict: it rejects non-canonical S values and small-order public keys, so every Veil
/// node accepts exactly the same set of signatures.
/// </summary>
public static unsafe class Ed25519
{
    public const int PublicKeySize = Sodium.SignPublicKeyBytes;
    public const int SignatureSize = Sodium.SignBytes;
    public const int SeedSize = Sodium.SignSeedBytes;

    static Ed25519() => Sodium.EnsureInitialized();

    /// <summary>
    /// True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> by
    /// <paramref name="publicKey"/>. Inputs come from the network, so wrong lengths return false
    /// instead of throwing. Allocation-free.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        fixed (byte* p = publicKey)
        fixed (byte* m = message)
        fixed (byte* s = signature)
        {
            return Sodium.crypto_sign_verify_detached(s, m, (ulong)message.Length, p) == 0;
        }
    }

    /// <inheritdoc cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static bool Verify(AccountId publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Span<byte> key = stackalloc byte[PublicKeySize];
        publicKey.CopyTo(key);
        return Verify(key, message, signature);
    }
}
