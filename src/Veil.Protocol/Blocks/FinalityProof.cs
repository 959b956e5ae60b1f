using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Blocks;

/// <summary>
/// Proof that a block is final: Ed25519 signatures by authorities over
/// "veil/finality" ‖ genesis hash ‖ number ‖ block hash. DevSeal needs one (its single authority);
/// Raft needs a majority of the authority set.
/// </summary>
public sealed record FinalityProof(Hash256 BlockHash, uint Number, IReadOnlyList<AuthoritySignature> Signatures)
{
    public const int MaxSignatures = 1024;

    private static readonly byte[] Domain = "veil/finality"u8.ToArray();

    /// <summary>The exact bytes each authority signs.</summary>
    public static byte[] SigningPayload(Hash256 genesisHash, uint number, Hash256 blockHash)
    {
        var writer = new ScaleWriter(stackalloc byte[96]);
        try
        {
            writer.WriteRaw(Domain);
            writer.WriteHash(genesisHash);
            writer.WriteU32(number);
            writer.WriteHash(blockHash);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// True when at least <paramref name="threshold"/> distinct members of <paramref name="authorities"/>
    /// signed this block. Unknown signers and duplicates do not count; a bad signature fails the proof.
    /// </summary>
    public bool Verify(Hash256 genesisHash, IReadOnlyList<AccountId> authorities, int threshold, out string error)
    {
        var payload = SigningPayload(genesisHash, Number, BlockHash);
        var counted = new HashSet<AccountId>();
        Span<byte> key = stackalloc byte[32];
        foreach (var signature in Signatures)
        {
            var known = false;
            foreach (var authority in authorities)
            {
                if (authority == signature.Authority) { known = true; break; }
            }

            if (!known || !counted.Add(signature.Authority))
            {
                continue;
            }

            signature.Authority.CopyTo(key);
            if (!Veil.Crypto.Ed25519.Verify(key, payload, signature.Signature))
            {
                error = $"finality signature by {signature.Authority} does not verify";
                return false;
            }
        }

        if (counted.Count < threshold)
        {
            error = $"finality proof has {counted.Count} valid authority signature(s); {threshold} needed";
            return false;
        }

        error = string.Empty;
        return true;
    }

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteHash(BlockHash);
        writer.WriteU32(Number);
        writer.WriteLength(Signatures.Count);
        foreach (var s in Signatures)
        {
            writer.WriteAccount(s.Authority);
            writer.WriteRaw(s.Signature);
        }
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(40 + (Signatures.Count * 96));
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

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out FinalityProof proof, out string error)
    {
        var reader = new ScaleReader(bytes);
        var hash = reader.ReadHash();
        var number = reader.ReadU32();
        var count = reader.ReadLength(MaxSignatures, minItemSize: 96);
        var signatures = new List<AuthoritySignature>(count);
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            var authority = reader.ReadAccount();
            var signature = reader.ReadRaw(64);
            if (!reader.Failed) signatures.Add(new AuthoritySignature(authority, signature.ToArray()));
        }

        proof = new FinalityProof(hash, number, signatures);
        return reader.TryFinish(out error);
    }
}

/// <summary>One authority's signature in a <see cref="FinalityProof"/>.</summary>
public sealed record AuthoritySignature(AccountId Authority, byte[] Signature);
