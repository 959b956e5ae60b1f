using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Attestation;

namespace Veil.Enclave.Platform;

/// <summary>
/// A software stand-in for a TEE with real cryptography (DESIGN §5). It protects nothing from the host —
/// the secret is a file and the dev attestation root is public — but every format and check is the one a
/// hardware platform goes through, so the rest of Veil cannot tell the difference.
/// </summary>
/// <remarks>
/// <para>Sealing key = HKDF-SHA256(platform secret, salt empty, label <c>"veil/seal"</c>, context =
/// measurement), so, as with SGX's MRENCLAVE policy, another enclave build cannot open this one's data.</para>
/// <para>Sealed format, version 1: <c>0x01 ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)</c>, with a
/// fresh random nonce per seal (safe below 2^32 seals per key) and AEAD associated data
/// <c>0x01 ‖ caller's associated data</c>, so the version byte is authenticated too.</para>
/// <para>Evidence is signed by the attestation root key given to the platform (on dev chains the key of
/// <see cref="AttestationPolicy.DevAttestationRootUri"/>); the caller keeps ownership of that key.</para>
/// </remarks>
public sealed class SimulatedPlatform : IEnclavePlatform, IDisposable
{
    public const byte SealFormatVersion = 1;

    /// <summary>Bytes a sealed blob adds to its plaintext: version, nonce and tag.</summary>
    public const int SealOverhead = 1 + Aes256Gcm.NonceSize + Aes256Gcm.TagSize;

    /// <summary>Name of the platform secret file in the worker's data directory.</summary>
    public const string SecretFileName = PlatformSecretFile.FileName;

    public const int SecretSize = PlatformSecretFile.SecretSize;

    private const string SealLabel = "veil/seal";
    private const int StackAssociatedDataLimit = 256;

    private readonly Aes256Gcm _sealing;
    private readonly Ed25519KeyPair _attestationRoot;
    private readonly Lock _sealingLock = new();
    private bool _disposed;

    private SimulatedPlatform(ReadOnlySpan<byte> platformSecret, Ed25519KeyPair attestationRoot, Hash256 measurement)
    {
        Measurement = measurement;
        _attestationRoot = attestationRoot;
        Span<byte> context = stackalloc byte[Hash256.Size];
        measurement.CopyTo(context);
        Span<byte> key = stackalloc byte[Aes256Gcm.KeySize];
        try
        {
            HkdfSha256.DeriveKey(platformSecret, salt: default, SealLabel, key, context);
            _sealing = new Aes256Gcm(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public EnclavePlatformKind Kind => EnclavePlatformKind.Simulated;

    public Hash256 Measurement { get; }

    /// <summary>The public key of the root that signs this platform's evidence.</summary>
    public Hash256 AttestationRootKey => new(_attestationRoot.PublicKeyBytes);

    /// <summary>
    /// Opens the platform whose secret lives in <paramref name="dataDirectory"/>, creating the secret on first
    /// use. Fails with a clear error when the file is readable by others, has the wrong size, or cannot be read.
    /// </summary>
    /// <param name="measurement">The enclave's measurement; <see cref="SimulatedMeasurement.Current"/> when null.</param>
    public static bool TryOpen(string dataDirectory, Ed25519KeyPair attestationRoot, Hash256? measurement, [NotNullWhen(true)] out SimulatedPlatform? platform, out string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(attestationRoot);
        platform = null;
        Span<byte> secret = stackalloc byte[SecretSize];
        try
        {
            if (!PlatformSecretFile.TryLoadOrCreate(dataDirectory, secret, out error))
            {
                return false;
            }

            platform = new SimulatedPlatform(secret, attestationRoot, measurement ?? SimulatedMeasurement.Current);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <inheritdoc cref="TryOpen"/>
    /// <exception cref="InvalidOperationException">The platform secret file is unusable; the message says why.</exception>
    public static SimulatedPlatform Open(string dataDirectory, Ed25519KeyPair attestationRoot, Hash256? measurement = null)
        => TryOpen(dataDirectory, attestationRoot, measurement, out var platform, out var error)
            ? platform
            : throw new InvalidOperationException($"Cannot open the simulated enclave platform: {error}.");

    /// <summary>A platform with a given secret and no file: for tests, tools and in-process enclaves.</summary>
    public static SimulatedPlatform FromSecret(ReadOnlySpan<byte> platformSecret, Ed25519KeyPair attestationRoot, Hash256? measurement = null)
    {
        ArgumentNullException.ThrowIfNull(attestationRoot);
        if (platformSecret.Length != SecretSize)
        {
            throw new ArgumentException($"A platform secret is {SecretSize} bytes, not {platformSecret.Length}.", nameof(platformSecret));
        }

        return new SimulatedPlatform(platformSecret, attestationRoot, measurement ?? SimulatedMeasurement.Current);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> nonce = stackalloc byte[Aes256Gcm.NonceSize];
        GetRandom(nonce);
        return Seal(plaintext, associatedData, nonce);
    }

    /// <summary>Seals with a caller-chosen nonce. Only golden-vector tests may use it: a repeated nonce breaks GCM.</summary>
    internal byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce)
    {
        var output = new byte[checked(plaintext.Length + SealOverhead)];
        output[0] = SealFormatVersion;
        nonce.CopyTo(output.AsSpan(1, Aes256Gcm.NonceSize));
        byte[]? rented = null;
        Span<byte> stack = stackalloc byte[StackAssociatedDataLimit];
        try
        {
            var ad = AeadAssociatedData(associatedData, stack, ref rented);
            lock (_sealingLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _sealing.Seal(nonce, plaintext, output.AsSpan(1 + Aes256Gcm.NonceSize), ad);
            }
        }
        finally
        {
            Return(rented);
        }

        return output;
    }

    public bool TryUnseal(ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, out byte[] plaintext, out string error)
    {
        plaintext = [];
        if (sealedData.IsEmpty)
        {
            error = "sealed data is empty";
            return false;
        }

        if (sealedData[0] != SealFormatVersion)
        {
            error = $"sealed data has format version {sealedData[0]}; this enclave reads version {SealFormatVersion}";
            return false;
        }

        if (sealedData.Length < SealOverhead)
        {
            error = $"sealed data is {sealedData.Length} bytes, shorter than the {SealOverhead}-byte minimum (version, nonce, tag)";
            return false;
        }

        var nonce = sealedData.Slice(1, Aes256Gcm.NonceSize);
        var body = sealedData[(1 + Aes256Gcm.NonceSize)..];
        var buffer = new byte[body.Length - Aes256Gcm.TagSize];
        bool opened;
        byte[]? rented = null;
        Span<byte> stack = stackalloc byte[StackAssociatedDataLimit];
        try
        {
            var ad = AeadAssociatedData(associatedData, stack, ref rented);
            lock (_sealingLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                opened = _sealing.TryOpen(nonce, body, buffer, ad);
            }
        }
        finally
        {
            Return(rented);
        }

        if (!opened)
        {
            // GCM cannot tell these apart, and saying which would help an attacker probe anyway.
            error = "sealed data failed authentication: it was altered, or sealed for other associated data, on another platform, or by another enclave measurement";
            return false;
        }

        plaintext = buffer;
        error = string.Empty;
        return true;
    }

    public AttestationEvidence CreateEvidence(Hash256 reportData, ulong timestampMs)
    {
        var payload = AttestationEvidence.SigningPayload(Kind, Measurement, reportData, timestampMs);
        var signature = _attestationRoot.Sign(payload);
        return new AttestationEvidence(Kind, Measurement, reportData, timestampMs, AttestationRootKey, signature);
    }

    public void GetRandom(Span<byte> destination) => SecureRandom.Fill(destination);

    public void Dispose()
    {
        lock (_sealingLock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _sealing.Dispose();
            }
        }
    }

    /// <summary>The AEAD's associated data, <c>version ‖ caller's associated data</c>, on the stack when small.</summary>
    private static Span<byte> AeadAssociatedData(ReadOnlySpan<byte> associatedData, Span<byte> stack, ref byte[]? rented)
    {
        var length = checked(associatedData.Length + 1);
        var ad = length <= stack.Length ? stack[..length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        ad[0] = SealFormatVersion;
        associatedData.CopyTo(ad[1..]);
        return ad;
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
