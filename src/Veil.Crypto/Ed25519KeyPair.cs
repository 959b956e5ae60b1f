using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto.Native;

namespace Veil.Crypto;

/// <summary>
/// An Ed25519 signing key. The secret is held in libsodium's 64-byte form (seed ‖ public key) inside a
/// <see cref="SecretBuffer"/>, so signing needs no per-call key expansion and the secret is zeroed on
/// <see cref="Dispose"/>. Signing is thread-safe.
/// </summary>
public sealed unsafe class Ed25519KeyPair : IDisposable
{
    private readonly SecretBuffer _secretKey;
    private readonly byte[] _publicKey;

    /// <summary>Creates the key pair whose 32-byte secret seed is <paramref name="seed"/> (RFC 8032 private key).</summary>
    public Ed25519KeyPair(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        Sodium.EnsureInitialized();
        _secretKey = new SecretBuffer(Sodium.SignSecretKeyBytes);
        _publicKey = new byte[Ed25519.PublicKeySize];
        var sk = _secretKey.Acquire();
        try
        {
            fixed (byte* s = seed)
            fixed (byte* pk = _publicKey)
            {
                if (Sodium.crypto_sign_seed_keypair(pk, sk, s) != 0)
                {
                    throw new CryptographicException("crypto_sign_seed_keypair failed.");
                }
            }
        }
        finally
        {
            _secretKey.Release();
        }

        PublicKey = new AccountId(_publicKey);
    }

    /// <summary>A new key pair from a fresh random seed.</summary>
    public static Ed25519KeyPair Generate()
    {
        Span<byte> seed = stackalloc byte[Ed25519.SeedSize];
        SecureRandom.Fill(seed);
        try
        {
            return new Ed25519KeyPair(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The public key as an account id (Substrate's AccountId32 for Ed25519 accounts).</summary>
    public AccountId PublicKey { get; }

    /// <summary>The 32 public key bytes.</summary>
    public ReadOnlySpan<byte> PublicKeyBytes => _publicKey;

    /// <summary>Writes the 64-byte signature of <paramref name="message"/> into <paramref name="signature"/>.</summary>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            throw new ArgumentException($"An Ed25519 signature is {Ed25519.SignatureSize} bytes, not {signature.Length}.", nameof(signature));
        }

        var sk = _secretKey.Acquire();
        try
        {
            fixed (byte* m = message)
            fixed (byte* sig = signature)
            {
                if (Sodium.crypto_sign_detached(sig, null, m, (ulong)message.Length, sk) != 0)
                {
                    throw new CryptographicException("crypto_sign_detached failed.");
                }
            }
        }
        finally
        {
            _secretKey.Release();
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519.SignatureSize];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Copies the 32-byte secret seed out (for key derivation); the caller must zero it.</summary>
    public void ExportSeed(Span<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        var sk = _secretKey.Acquire();
        try
        {
            new ReadOnlySpan<byte>(sk, Ed25519.SeedSize).CopyTo(seed);
        }
        finally
        {
            _secretKey.Release();
        }
    }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519.Verify(_publicKey, message, signature);

    public void Dispose() => _secretKey.Dispose();

    public override string ToString() => $"Ed25519KeyPair({PublicKey})";
}
