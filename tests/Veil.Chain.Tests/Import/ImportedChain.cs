using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Protocol.Calls;

namespace Veil.Chain.Tests.Import;

/// <summary>Blocks produced by one dev chain, to be imported by another, and helpers to forge them.</summary>
internal static class ImportedChain
{
    /// <summary>Five blocks: transfers, a queue message (so the messages root is not empty), an empty block.</summary>
    public static List<FinalizedBlock> Produce(TestChain t)
    {
        var blocks = new List<FinalizedBlock>();
        t.Submit(t.Transfer("Alice", "Bob", 5 * ChainParameters.OneVeil));
        t.Submit(t.Transfer("Charlie", "Dave", 3 * ChainParameters.OneVeil));
        blocks.Add(t.Produce());
        t.Submit(t.Sign("Eve", MessageQueueCall.CreatePush("test/import"u8, [1, 2, 3])));
        t.Submit(t.Transfer("Bob", "Zoe", ChainParameters.OneVeil));
        blocks.Add(t.Produce());
        blocks.Add(t.Produce());
        t.Submit(t.Transfer("Alice", "Charlie", 42));
        t.Submit(t.Transfer("Zoe", "Ferdie", 1));
        blocks.Add(t.Produce());
        t.Submit(t.Transfer("Dave", "Alice", 7));
        blocks.Add(t.Produce());
        return blocks;
    }

    /// <summary>A finality proof for <paramref name="header"/> signed by the named dev keys over <paramref name="genesis"/>.</summary>
    public static FinalityProof Sign(BlockHeader header, Hash256 genesis, params string[] signers)
    {
        var signatures = new List<AuthoritySignature>();
        foreach (var name in signers)
        {
            var key = TestChain.Key(name);
            signatures.Add(new AuthoritySignature(key.PublicKey, key.Sign(FinalityProof.SigningPayload(genesis, header.Number, header.Hash))));
        }

        return new FinalityProof(header.Hash, header.Number, signatures);
    }
}
