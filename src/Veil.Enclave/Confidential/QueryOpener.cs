using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Keys;
using Veil.Enclave.Platform;
using Veil.Protocol.Confidential;

namespace Veil.Enclave.Confidential;

/// <summary>
/// The enclave side of confidential queries (DESIGN §5): decrypts a <see cref="SealedQuery"/> sent to one
/// contract in one epoch, checks that the request is signed by the account it names for this chain and
/// contract and has not expired at the enclave's current block, and hands back a
/// <see cref="VerifiedQuery"/> that seals the answer to the asker. Every failure returns false with the
/// reason and never throws. Thread-safe.
/// </summary>
/// <remarks>
/// A replayed sealed query gets an answer only its original sender can decrypt, so replays before expiry
/// leak nothing; the expiry bounds how long a captured query stays answerable.
/// </remarks>
public sealed class QueryOpener
{
    private readonly ContractKeys _keys;
    private readonly Hash256 _genesisHash;
    private readonly IEnclavePlatform _platform;

    /// <param name="keys">The contract's keys for one epoch; borrowed, not disposed here.</param>
    /// <param name="genesisHash">The chain this enclave follows.</param>
    /// <param name="platform">Randomness for answer nonces.</param>
    public QueryOpener(ContractKeys keys, Hash256 genesisHash, IEnclavePlatform platform)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(platform);
        _keys = keys;
        _genesisHash = genesisHash;
        _platform = platform;
    }

    /// <summary>Decodes and opens an encoded sealed query (an HTTP body).</summary>
    public bool TryOpen(ReadOnlySpan<byte> encodedQuery, ulong currentBlock, [NotNullWhen(true)] out VerifiedQuery? query, out string error)
    {
        if (!SealedQuery.TryDecode(encodedQuery, out var sealedQuery, out var decodeError))
        {
            query = null;
            error = $"query refused: {decodeError}";
            return false;
        }

        return TryOpen(sealedQuery, currentBlock, out query, out error);
    }

    /// <summary>
    /// Opens <paramref name="sealedQuery"/> at <paramref name="currentBlock"/> (the enclave's latest
    /// finalized block). Refuses another version, contract or epoch, bad sizes, failed authentication,
    /// bad padding, an undecodable request, a signature not made by the named account (a forged or
    /// re-signed query) and a query whose expiry block has passed.
    /// </summary>
    public bool TryOpen(SealedQuery sealedQuery, ulong currentBlock, [NotNullWhen(true)] out VerifiedQuery? query, out string error)
    {
        ArgumentNullException.ThrowIfNull(sealedQuery);
        query = null;
        if (!TryCheckHeader(sealedQuery, out error))
        {
            return false;
        }

        Span<byte> peer = stackalloc byte[X25519.KeySize];
        Span<byte> shared = stackalloc byte[X25519.KeySize];
        Span<byte> requestKey = stackalloc byte[Aes256Gcm.KeySize];
        Span<byte> responseKey = stackalloc byte[Aes256Gcm.KeySize];
        Span<byte> associatedData = stackalloc byte[SealedQuery.AssociatedDataSize];
        var padded = new byte[sealedQuery.Ciphertext.Length - Aes256Gcm.TagSize];
        try
        {
            sealedQuery.EphemeralKey.CopyTo(peer);
            if (!_keys.Ecdh.TryAgree(peer, shared))
            {
                error = "query refused: the ephemeral key is not a usable X25519 public key";
                return false;
            }

            EnvelopeKeys.DeriveQueryKey(shared, sealedQuery.EphemeralKey, _keys.PublicKeys.EcdhKey, requestKey);
            SealedQuery.WriteAssociatedData(sealedQuery.Version, sealedQuery.Epoch, sealedQuery.ContractId, _genesisHash, associatedData);
            using (var aead = new Aes256Gcm(requestKey))
            {
                if (!aead.TryOpen(sealedQuery.Nonce, sealedQuery.Ciphertext, padded, associatedData))
                {
                    error = "query refused: authentication failed (tampered, or sealed for another contract key or chain)";
                    return false;
                }
            }

            if (!PlaintextPadding.TryUnpad(padded, out var plaintext, out var paddingError))
            {
                error = $"query refused: {paddingError}";
                return false;
            }

            if (!QueryRequest.TryDecode(plaintext, out var request, out var requestError))
            {
                error = $"query refused: {requestError}";
                return false;
            }

            if (!request.VerifySignature(_genesisHash, _keys.ContractId))
            {
                // The account stays out of the message: the host relays this error and must not learn who asks.
                error = "query refused: the signature is not by the account the query names, over this query for this chain and contract (forged or re-signed)";
                return false;
            }

            if (currentBlock > request.ExpiryBlock)
            {
                error = $"query refused: it expired at block {request.ExpiryBlock}, the enclave is at block {currentBlock}";
                return false;
            }

            EnvelopeKeys.DeriveQueryResponseKey(shared, sealedQuery.EphemeralKey, _keys.PublicKeys.EcdhKey, responseKey);
            query = new VerifiedQuery(request, responseKey, _platform, sealedQuery.Nonce, _keys.ContractId, _genesisHash);
            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(requestKey);
            CryptographicOperations.ZeroMemory(responseKey);
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    private bool TryCheckHeader(SealedQuery sealedQuery, out string error)
    {
        if (sealedQuery.Version != SealedQuery.CurrentVersion)
        {
            error = $"query refused: version {sealedQuery.Version}, this enclave reads version {SealedQuery.CurrentVersion}";
            return false;
        }

        if (sealedQuery.ContractId != _keys.ContractId)
        {
            error = $"query refused: it is for contract {sealedQuery.ContractId}, not {_keys.ContractId}";
            return false;
        }

        if (sealedQuery.Epoch != _keys.Epoch)
        {
            error = $"query refused: sealed for key epoch {sealedQuery.Epoch}, contract {_keys.ContractId} is in epoch {_keys.Epoch}";
            return false;
        }

        if (sealedQuery.Nonce is not { Length: Aes256Gcm.NonceSize } || sealedQuery.Ciphertext is null)
        {
            error = $"query refused: the nonce must be {Aes256Gcm.NonceSize} bytes";
            return false;
        }

        var paddedLength = sealedQuery.Ciphertext.Length - Aes256Gcm.TagSize;
        if (paddedLength <= 0 || paddedLength > PlaintextPadding.LargestBucket || !PlaintextPadding.IsPaddedLength(paddedLength))
        {
            error = $"query refused: a {sealedQuery.Ciphertext.Length}-byte ciphertext is not a padded query plus tag";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
