using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// The plaintext of a confidential query (DESIGN §5): what to ask, who asks, until which block the
/// question is valid, and the asker's Ed25519 signature over <c>"veil/query" ‖ genesis hash ‖ contract id
/// ‖ Vec&lt;u8&gt; query ‖ expiry u64</c>. The signature is what lets a contract answer "Bob's balance"
/// only to Bob; the domain tag, genesis hash and contract id keep it from being replayed anywhere else.
/// SCALE: <c>query Vec&lt;u8&gt; ‖ account [u8; 32] ‖ expiry block u64 ‖ signature [u8; 64]</c>.
/// </summary>
public sealed record QueryRequest(byte[] Query, AccountId Account, ulong ExpiryBlock, byte[] Signature)
{
    public const int MaxQueryLength = 32 * 1024;

    private static readonly byte[] Domain = "veil/query"u8.ToArray();

    /// <summary>A request for <paramref name="query"/> signed by <paramref name="account"/>.</summary>
    public static QueryRequest Sign(Ed25519KeyPair account, Hash256 genesisHash, Hash256 contractId, ReadOnlySpan<byte> query, ulong expiryBlock)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (query.Length > MaxQueryLength)
        {
            throw new ArgumentException($"A query is at most {MaxQueryLength} bytes, not {query.Length}.", nameof(query));
        }

        var signature = account.Sign(SigningPayload(genesisHash, contractId, query, expiryBlock));
        return new QueryRequest(query.ToArray(), account.PublicKey, expiryBlock, signature);
    }

    public static byte[] SigningPayload(Hash256 genesisHash, Hash256 contractId, ReadOnlySpan<byte> query, ulong expiryBlock)
    {
        var writer = new ScaleWriter(Domain.Length + 64 + 5 + query.Length + 8);
        try
        {
            writer.WriteRaw(Domain);
            writer.WriteHash(genesisHash);
            writer.WriteHash(contractId);
            writer.WriteBytes(query);
            writer.WriteU64(expiryBlock);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>True when <see cref="Signature"/> is <see cref="Account"/>'s signature of this request for that chain and contract.</summary>
    public bool VerifySignature(Hash256 genesisHash, Hash256 contractId)
        => Signature.Length == Ed25519.SignatureSize
           && Ed25519.Verify(Account, SigningPayload(genesisHash, contractId, Query, ExpiryBlock), Signature);

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteBytes(Query);
        writer.WriteAccount(Account);
        writer.WriteU64(ExpiryBlock);
        writer.WriteRaw(Signature);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Query.Length + 5 + 32 + 8 + 64);
        try
        {
            Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out QueryRequest request, out string error)
    {
        var reader = new ScaleReader(bytes);
        var query = reader.ReadBytes(MaxQueryLength).ToArray();
        var account = reader.ReadAccount();
        var expiry = reader.ReadU64();
        var signature = reader.ReadRaw(Ed25519.SignatureSize).ToArray();
        request = new QueryRequest(query, account, expiry, signature);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"query request does not decode: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
