using Veil.Crypto.Native;

namespace Veil.Crypto;

/// <summary>
/// X25519 Diffie–Hellman (RFC 7748) via libsodium's <c>crypto_scalarmult</c>. The result is the raw
/// shared point: never use it as a key directly, feed it through <see cref="HkdfSha256"/> with a label.
/// </summary>
public static unsafe class X25519
{
    public const int KeySize = Sodium.ScalarMultBytes;

    static X25519() => Sodium.EnsureInitialized();

    /// <summary>Computes the public key of <paramref name="privateKey"/> (scalar × base point).</summary>
    public static void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        CheckSize(privateKey.Length, nameof(privateKey));
        CheckSize(publicKey.Length, nameof(publicKey));
        fixed (byte* n = privateKey)
        fixed (byte* q = publicKey)
        {
            if (Sodium.crypto_scalarmult_base(q, n) != 0)
            {
                throw new System.Security.Cryptography.CryptographicException("crypto_scalarmult_base failed.");
            }
        }
    }

    /// <summary>
    /// Writes the raw shared secret of <paramref name="privateKey"/> and <paramref name="peerPublicKey"/>.
    /// Returns false (and zeroes the output) when the peer key has the wrong length or is a low-order
    /// point, which would make the "shared" secret all zeros and known to everyone.
    /// </summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        CheckSize(privateKey.Length, nameof(privateKey));
        CheckSize(sharedSecret.Length, nameof(sharedSecret));
        if (peerPublicKey.Length != KeySize)
        {
            sharedSecret.Clear();
            return false;
        }

        fixed (byte* n = privateKey)
        fixed (byte* p = peerPublicKey)
        fixed (byte* q = sharedSecret)
        {
            if (Sodium.crypto_scalarmult(q, n, p) != 0)
            {
                sharedSecret.Clear();
                return false;
            }
        }

        return true;
    }

    private static void CheckSize(int length, string name)
    {
        if (length != KeySize)
        {
            throw new ArgumentException($"X25519 keys and secrets are {KeySize} bytes, not {length}.", name);
        }
    }
}
