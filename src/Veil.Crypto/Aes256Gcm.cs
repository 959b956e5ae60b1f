using System.Security.Cryptography;

namespace Veil.Crypto;

/// <summary>
/// AES-256-GCM authenticated encryption. A sealed message is ciphertext ‖ 16-byte tag (libsodium's
/// "combined" layout). Every nonce must be unique per key: use a counter, or 12 random bytes from
/// <see cref="SecureRandom"/> for fewer than 2^32 messages per key. Instances are not thread-safe.
/// </summary>
public sealed class Aes256Gcm : IDisposable
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly AesGcm _aes;

    public Aes256Gcm(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"An AES-256-GCM key is {KeySize} bytes, not {key.Length}.", nameof(key));
        }

        _aes = new AesGcm(key, TagSize);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="sealedMessage"/> (plaintext length + <see cref="TagSize"/> bytes).</summary>
    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> sealedMessage, ReadOnlySpan<byte> associatedData = default)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"An AES-GCM nonce is {NonceSize} bytes, not {nonce.Length}.", nameof(nonce));
        }

        if (sealedMessage.Length != plaintext.Length + TagSize)
        {
            throw new ArgumentException($"The sealed message needs {plaintext.Length + TagSize} bytes (plaintext + tag), not {sealedMessage.Length}.", nameof(sealedMessage));
        }

        _aes.Encrypt(nonce, plaintext, sealedMessage[..plaintext.Length], sealedMessage[plaintext.Length..], associatedData);
    }

    public byte[] Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        var sealedMessage = new byte[plaintext.Length + TagSize];
        Seal(nonce, plaintext, sealedMessage, associatedData);
        return sealedMessage;
    }

    /// <summary>
    /// Decrypts and authenticates. Returns false — never throws — when the message, tag, nonce or
    /// associated data was tampered with or is malformed; <paramref name="plaintext"/> is then zeroed.
    /// </summary>
    /// <param name="plaintext">Receives the plaintext; must be exactly the sealed length minus <see cref="TagSize"/> (else ArgumentException).</param>
    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedMessage, Span<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        if (nonce.Length != NonceSize || sealedMessage.Length < TagSize)
        {
            plaintext.Clear();
            return false;
        }

        if (plaintext.Length != sealedMessage.Length - TagSize)
        {
            throw new ArgumentException($"The plaintext buffer must be {sealedMessage.Length - TagSize} bytes (sealed length - tag), not {plaintext.Length}.", nameof(plaintext));
        }

        var length = sealedMessage.Length - TagSize;
        try
        {
            _aes.Decrypt(nonce, sealedMessage[..length], sealedMessage[length..], plaintext, associatedData);
            return true;
        }
        catch (CryptographicException)
        {
            // .NET reports a bad tag only by exception (AuthenticationTagMismatchException).
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }

    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedMessage, ReadOnlySpan<byte> associatedData, out byte[] plaintext)
    {
        if (sealedMessage.Length < TagSize)
        {
            plaintext = [];
            return false;
        }

        var buffer = new byte[sealedMessage.Length - TagSize];
        if (!TryOpen(nonce, sealedMessage, buffer, associatedData))
        {
            plaintext = [];
            return false;
        }

        plaintext = buffer;
        return true;
    }

    public void Dispose() => _aes.Dispose();
}
