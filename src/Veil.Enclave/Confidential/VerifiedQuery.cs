using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Platform;
using Veil.Protocol.Confidential;

namespace Veil.Enclave.Confidential;

/// <summary>
/// A query the enclave has decrypted and checked: <see cref="Account"/> signed it for this chain and
/// contract and it has not expired. Holds the answer key derived from the query's shared secret, so the
/// answer from <see cref="SealResponse"/> is readable only by the client that sealed the query.
/// Dispose once answered.
/// </summary>
public sealed class VerifiedQuery : IDisposable
{
    private readonly Aes256Gcm _responseKey;
    private readonly IEnclavePlatform _platform;
    private readonly byte[] _requestNonce;
    private readonly Hash256 _contractId;
    private readonly Hash256 _genesisHash;

    internal VerifiedQuery(QueryRequest request, ReadOnlySpan<byte> responseKey, IEnclavePlatform platform, byte[] requestNonce, Hash256 contractId, Hash256 genesisHash)
    {
        Query = request.Query;
        Account = request.Account;
        ExpiryBlock = request.ExpiryBlock;
        _responseKey = new Aes256Gcm(responseKey);
        _platform = platform;
        _requestNonce = requestNonce;
        _contractId = contractId;
        _genesisHash = genesisHash;
    }

    /// <summary>The query bytes, for the contract's read-only query entry point.</summary>
    public byte[] Query { get; }

    /// <summary>Who asked — proven by the signature; the contract decides what this account may see.</summary>
    public AccountId Account { get; }

    public ulong ExpiryBlock { get; }

    /// <summary>Pads and encrypts <paramref name="answer"/> for the client, with a fresh nonce from the platform.</summary>
    public SealedQueryResponse SealResponse(ReadOnlySpan<byte> answer)
    {
        var nonce = new byte[Aes256Gcm.NonceSize];
        _platform.GetRandom(nonce);
        return SealResponse(answer, nonce);
    }

    /// <summary>Deterministic core; tests pass a fixed nonce for golden vectors.</summary>
    internal SealedQueryResponse SealResponse(ReadOnlySpan<byte> answer, byte[] nonce)
    {
        if (answer.Length > SealedQueryResponse.MaxAnswerLength)
        {
            throw new ArgumentException($"A query answer is at most {SealedQueryResponse.MaxAnswerLength} bytes, not {answer.Length}.", nameof(answer));
        }

        Span<byte> associatedData = stackalloc byte[SealedQueryResponse.AssociatedDataSize];
        SealedQueryResponse.WriteAssociatedData(_requestNonce, _contractId, _genesisHash, associatedData);
        var padded = PlaintextPadding.Pad(answer);
        try
        {
            var ciphertext = _responseKey.Seal(nonce, padded, associatedData: associatedData);
            return new SealedQueryResponse(SealedQueryResponse.CurrentVersion, nonce, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public void Dispose() => _responseKey.Dispose();
}
