using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Keys;
using Veil.Protocol.Confidential;

namespace Veil.Enclave.Confidential;

/// <summary>
/// The enclave side of the command envelope (DESIGN §6): decrypts the commands sent to one contract in
/// one epoch. AEAD keys derived per sender ephemeral key are kept in a bounded LRU cache, so a client
/// session's steady traffic costs one AES-GCM per command rather than one X25519. Every failure returns
/// false with the reason and never throws. Thread-safe.
/// </summary>
/// <remarks>
/// Opening says nothing about replay: the chain rejects a replayed extrinsic by its account nonce, so each
/// envelope the light client delivers is executed once. A key enters the cache only after a command under
/// it authenticates, so garbage with random ephemeral keys costs its sender an X25519 each on our side but
/// cannot flush the keys of honest sessions.
/// </remarks>
public sealed class CommandOpener : IDisposable
{
    /// <summary>4,096 sessions ≈ a few hundred KB of AES key schedules.</summary>
    public const int DefaultCacheCapacity = 4096;

    private const string AuthenticationFailed =
        "command refused: authentication failed (tampered, or sealed for another contract, signer or chain)";

    private readonly Lock _lock = new();
    private readonly ContractKeys _keys;
    private readonly Hash256 _genesisHash;
    private readonly DerivedKeyCache _cache;
    private long _cacheHits;
    private long _cacheMisses;

    /// <param name="keys">The contract's keys for one epoch; borrowed, the caller disposes them after this opener.</param>
    /// <param name="genesisHash">The chain this enclave follows; commands sealed for another chain do not open.</param>
    /// <param name="cacheCapacity">How many session keys to keep.</param>
    public CommandOpener(ContractKeys keys, Hash256 genesisHash, int cacheCapacity = DefaultCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _genesisHash = genesisHash;
        _cache = new DerivedKeyCache(cacheCapacity);
    }

    public Hash256 ContractId => _keys.ContractId;

    public uint Epoch => _keys.Epoch;

    /// <summary>Session keys held now (at most the capacity).</summary>
    public int CachedKeyCount
    {
        get
        {
            lock (_lock)
            {
                return _cache.Count;
            }
        }
    }

    /// <summary>Commands whose key came from the cache (one AES-GCM, no X25519).</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Commands that needed an X25519 + HKDF.</summary>
    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>Decodes and opens an encoded envelope (a queue message payload).</summary>
    public bool TryOpen(ReadOnlySpan<byte> encodedEnvelope, AccountId signer, out byte[] command, out string error)
    {
        if (!CommandEnvelope.TryDecode(encodedEnvelope, out var envelope, out var decodeError))
        {
            command = [];
            error = $"command refused: {decodeError}";
            return false;
        }

        return TryOpen(envelope, signer, out command, out error);
    }

    /// <summary>
    /// Decrypts <paramref name="envelope"/>, submitted in an extrinsic signed by <paramref name="signer"/>.
    /// Refuses another version, another epoch, an unusable ephemeral key, a length that is not a padding
    /// bucket, a failed authentication (tampered, or sealed for another contract, signer or chain) and
    /// non-canonical padding.
    /// </summary>
    public bool TryOpen(CommandEnvelope envelope, AccountId signer, out byte[] command, out string error)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        command = [];
        if (envelope.Version != CommandEnvelope.CurrentVersion)
        {
            error = $"command refused: envelope version {envelope.Version}, this enclave reads version {CommandEnvelope.CurrentVersion}";
            return false;
        }

        if (envelope.Epoch != _keys.Epoch)
        {
            error = $"command refused: sealed for key epoch {envelope.Epoch}, contract {_keys.ContractId} is in epoch {_keys.Epoch}";
            return false;
        }

        if (envelope.Nonce is not { Length: Aes256Gcm.NonceSize } || envelope.Ciphertext is null)
        {
            error = $"command refused: the nonce must be {Aes256Gcm.NonceSize} bytes";
            return false;
        }

        var paddedLength = envelope.Ciphertext.Length - Aes256Gcm.TagSize;
        if (paddedLength <= 0 || paddedLength > PlaintextPadding.LargestBucket || !PlaintextPadding.IsPaddedLength(paddedLength))
        {
            error = $"command refused: a {envelope.Ciphertext.Length}-byte ciphertext is not a padded command plus tag";
            return false;
        }

        Span<byte> associatedData = stackalloc byte[CommandEnvelope.AssociatedDataSize];
        CommandEnvelope.WriteAssociatedData(_keys.ContractId, signer, _genesisHash, associatedData);
        var padded = new byte[paddedLength];
        try
        {
            lock (_lock)
            {
                if (!TryOpenLocked(envelope, associatedData, padded, out error))
                {
                    return false;
                }
            }

            if (!PlaintextPadding.TryUnpad(padded, out var plaintext, out var paddingError))
            {
                error = $"command refused: {paddingError}";
                return false;
            }

            command = plaintext.ToArray();
            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _cache.Dispose();
        }
    }

    private bool TryOpenLocked(CommandEnvelope envelope, ReadOnlySpan<byte> associatedData, Span<byte> padded, out string error)
    {
        if (_cache.TryGet(envelope.SenderEphemeralKey, out var cached))
        {
            _cacheHits++;
            if (!cached.TryOpen(envelope.Nonce, envelope.Ciphertext, padded, associatedData))
            {
                error = AuthenticationFailed;
                return false;
            }

            error = string.Empty;
            return true;
        }

        _cacheMisses++;
        if (!TryDeriveKey(envelope.SenderEphemeralKey, out var aead))
        {
            error = "command refused: the sender's ephemeral key is not a usable X25519 public key";
            return false;
        }

        if (!aead.TryOpen(envelope.Nonce, envelope.Ciphertext, padded, associatedData))
        {
            aead.Dispose();
            error = AuthenticationFailed;
            return false;
        }

        _cache.Add(envelope.SenderEphemeralKey, aead);
        error = string.Empty;
        return true;
    }

    private bool TryDeriveKey(Hash256 ephemeralKey, [NotNullWhen(true)] out Aes256Gcm? aead)
    {
        Span<byte> peer = stackalloc byte[X25519.KeySize];
        Span<byte> shared = stackalloc byte[X25519.KeySize];
        Span<byte> key = stackalloc byte[Aes256Gcm.KeySize];
        try
        {
            ephemeralKey.CopyTo(peer);
            if (!_keys.Ecdh.TryAgree(peer, shared))
            {
                aead = null;
                return false;
            }

            EnvelopeKeys.DeriveCommandKey(shared, ephemeralKey, _keys.PublicKeys.EcdhKey, key);
            aead = new Aes256Gcm(key);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
