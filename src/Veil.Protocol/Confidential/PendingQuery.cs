using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// A sealed query waiting for its answer: <see cref="Request"/> goes to the worker, and the answer key
/// (derived from this query's ephemeral secret, which is already gone) stays here to open the reply.
/// Dispose once the answer is read.
/// </summary>
public sealed class PendingQuery : IDisposable
{
    private readonly Aes256Gcm _responseKey;
    private readonly Hash256 _genesisHash;

    internal PendingQuery(SealedQuery request, ReadOnlySpan<byte> responseKey, Hash256 genesisHash)
    {
        Request = request;
        _responseKey = new Aes256Gcm(responseKey);
        _genesisHash = genesisHash;
    }

    /// <summary>The encrypted query to send to a worker of the contract.</summary>
    public SealedQuery Request { get; }

    /// <summary>
    /// Decrypts the worker's answer. Returns false — never throws — for garbage, an answer to another
    /// request, an answer from a key other than the contract's, a tampered answer or bad padding.
    /// </summary>
    public bool TryOpenResponse(SealedQueryResponse response, out byte[] answer, out string error)
    {
        ArgumentNullException.ThrowIfNull(response);
        answer = [];
        if (response.Version != SealedQueryResponse.CurrentVersion)
        {
            error = $"query response refused: version {response.Version}, this client reads version {SealedQueryResponse.CurrentVersion}";
            return false;
        }

        if (response.Nonce.Length != Aes256Gcm.NonceSize || response.Ciphertext.Length < Aes256Gcm.TagSize)
        {
            error = "query response refused: nonce or ciphertext too short";
            return false;
        }

        Span<byte> associatedData = stackalloc byte[SealedQueryResponse.AssociatedDataSize];
        SealedQueryResponse.WriteAssociatedData(Request.Nonce, Request.ContractId, _genesisHash, associatedData);
        var padded = new byte[response.Ciphertext.Length - Aes256Gcm.TagSize];
        try
        {
            if (!_responseKey.TryOpen(response.Nonce, response.Ciphertext, padded, associatedData))
            {
                error = "query response refused: authentication failed (tampered, or not the answer to this query)";
                return false;
            }

            if (!PlaintextPadding.TryUnpad(padded, out var plaintext, out var paddingError))
            {
                error = $"query response refused: {paddingError}";
                return false;
            }

            answer = plaintext.ToArray();
            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>Decodes and decrypts an encoded answer (<see cref="SealedQueryResponse.Encode()"/>).</summary>
    public bool TryOpenResponse(ReadOnlySpan<byte> encodedResponse, out byte[] answer, out string error)
    {
        if (!SealedQueryResponse.TryDecode(encodedResponse, out var response, out var decodeError))
        {
            answer = [];
            error = $"query response refused: {decodeError}";
            return false;
        }

        return TryOpenResponse(response, out answer, out error);
    }

    public void Dispose() => _responseKey.Dispose();
}
