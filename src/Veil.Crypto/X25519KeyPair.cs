using System.Security.Cryptography;

namespace Veil.Crypto;

/// <summary>An X25519 key-agreement key whose private scalar lives in a <see cref="SecretBuffer"/>.</summary>
public sealed class X25519KeyPair : IDisposable
{
    private readonly SecretBuffer _privateKey;
    private readonly byte[] _publicKey;

    public X25519KeyPair(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != X25519.KeySize)
        {
            throw new ArgumentException($"An X25519 private key is {X25519.KeySize} bytes, not {privateKey.Length}.", nameof(privateKey));
        }

        _privateKey = SecretBuffer.CopyOf(privateKey);
        _publicKey = new byte[X25519.KeySize];
        X25519.DerivePublicKey(privateKey, _publicKey);
    }

    public static X25519KeyPair Generate()
    {
        Span<byte> key = stackalloc byte[X25519.KeySize];
        SecureRandom.Fill(key);
        try
        {
            return new X25519KeyPair(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <inheritdoc cref="X25519.TryAgree"/>
    public unsafe bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        var key = _privateKey.Acquire();
        try
        {
            return X25519.TryAgree(new ReadOnlySpan<byte>(key, X25519.KeySize), peerPublicKey, sharedSecret);
        }
        finally
        {
            _privateKey.Release();
        }
    }

    public void Dispose() => _privateKey.Dispose();
}
