using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// The client side of confidential queries (DESIGN §5): encrypts a signed <see cref="QueryRequest"/> to a
/// contract's ECDH key with a fresh ephemeral X25519 key per query, and keeps the answer key in the
/// returned <see cref="PendingQuery"/>. A fresh key per query (unlike commands) makes every answer key
/// unique, so no one — not even another query of the same client — can pass one answer off as another.
/// Thread-safe.
/// </summary>
public sealed class QuerySealer
{
    private readonly RandomFill _random;
    private readonly Hash256 _genesisHash;

    public QuerySealer(ContractPublicKeys contract, Hash256 genesisHash)
        : this(contract, genesisHash, SecureRandom.Fill)
    {
    }

    /// <summary>Test seam: <paramref name="random"/> supplies each query's ephemeral secret, then its nonce.</summary>
    internal QuerySealer(ContractPublicKeys contract, Hash256 genesisHash, RandomFill random)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(random);
        Contract = contract;
        _genesisHash = genesisHash;
        _random = random;
    }

    public ContractPublicKeys Contract { get; }

    /// <summary>Signs <paramref name="query"/> as <paramref name="account"/>, valid up to <paramref name="expiryBlock"/>, and seals it.</summary>
    public PendingQuery Seal(Ed25519KeyPair account, ReadOnlySpan<byte> query, ulong expiryBlock)
        => Seal(QueryRequest.Sign(account, _genesisHash, Contract.ContractId, query, expiryBlock));

    /// <summary>Seals an already signed <paramref name="request"/>.</summary>
    public PendingQuery Seal(QueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> secret = stackalloc byte[X25519.KeySize];
        Span<byte> shared = stackalloc byte[X25519.KeySize];
        Span<byte> contractKey = stackalloc byte[X25519.KeySize];
        Span<byte> requestKey = stackalloc byte[Aes256Gcm.KeySize];
        Span<byte> responseKey = stackalloc byte[Aes256Gcm.KeySize];
        Span<byte> associatedData = stackalloc byte[SealedQuery.AssociatedDataSize];
        var padded = PlaintextPadding.Pad(request.Encode());
        try
        {
            _random(secret);
            Hash256 ephemeralKey;
            using (var ephemeral = new X25519KeyPair(secret))
            {
                ephemeralKey = new Hash256(ephemeral.PublicKey);
                Contract.EcdhKey.CopyTo(contractKey);
                if (!ephemeral.TryAgree(contractKey, shared))
                {
                    throw new InvalidOperationException($"The ECDH key of contract {Contract.ContractId} is not a usable X25519 public key.");
                }
            }

            EnvelopeKeys.DeriveQueryKey(shared, ephemeralKey, Contract.EcdhKey, requestKey);
            EnvelopeKeys.DeriveQueryResponseKey(shared, ephemeralKey, Contract.EcdhKey, responseKey);
            var nonce = new byte[Aes256Gcm.NonceSize];
            _random(nonce);
            SealedQuery.WriteAssociatedData(SealedQuery.CurrentVersion, Contract.Epoch, Contract.ContractId, _genesisHash, associatedData);
            byte[] ciphertext;
            using (var aead = new Aes256Gcm(requestKey))
            {
                ciphertext = aead.Seal(nonce, padded, associatedData: associatedData);
            }

            var sealedQuery = new SealedQuery(SealedQuery.CurrentVersion, Contract.Epoch, Contract.ContractId, ephemeralKey, nonce, ciphertext);
            return new PendingQuery(sealedQuery, responseKey, _genesisHash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(requestKey);
            CryptographicOperations.ZeroMemory(responseKey);
            CryptographicOperations.ZeroMemory(padded);
        }
    }
}
