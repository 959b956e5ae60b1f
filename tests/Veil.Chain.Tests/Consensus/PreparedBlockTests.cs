using Veil.Chain.Import;
using Veil.Chain.Runtime;
using Veil.Chain.Spec;
using Veil.Chain.Tests.Import;
using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Chain.Tests.Consensus;

/// <summary>The two-phase block path Raft validators use: propose or prepare without writing, commit only with a majority's proof.</summary>
public sealed class PreparedBlockTests
{
    private static ChainSpec ThreeAuthorities() => ChainSpec.Dev() with { Authorities = [TestChain.Account("Alice"), TestChain.Account("Bob"), TestChain.Account("Charlie")] };

    [Fact]
    public void ProposedBlock_IsPreparedIdenticallyElsewhere_AndCommitsOnlyWithAMajority()
    {
        var leader = new TestChain(ThreeAuthorities());
        var follower = new TestChain(ThreeAuthorities());
        leader.Submit(leader.Transfer("Dave", "Eve", 5 * ChainParameters.OneVeil));
        var proposed = leader.Chain.ProposeBlock(TestChain.Account("Alice"), 1_767_225_601_000, allowEmpty: false)!;
        Assert.Equal(0u, leader.Chain.Head.Number); // nothing written yet

        var result = follower.Chain.PrepareBlock(proposed.Block, out var prepared);
        Assert.Equal(BlockImportStatus.Imported, result.Status);
        Assert.Equal(proposed.Header.Hash, prepared!.Header.Hash);

        var genesis = leader.Chain.GenesisHash;
        var one = ImportedChain.Sign(proposed.Header, genesis, "Alice");
        Assert.Equal(BlockImportStatus.InvalidFinalityProof, follower.Chain.CommitPrepared(prepared, one).Status);
        Assert.Equal(0u, follower.Chain.Head.Number);

        var two = ImportedChain.Sign(proposed.Header, genesis, "Alice", "Charlie");
        Assert.Equal(BlockImportStatus.Imported, follower.Chain.CommitPrepared(prepared, two).Status);
        Assert.Equal(BlockImportStatus.Imported, leader.Chain.CommitPrepared(proposed, two).Status);
        Assert.Equal(leader.Chain.Head.Hash, follower.Chain.Head.Hash);
        Assert.Equal(leader.Chain.Head.StateRoot, follower.Chain.Head.StateRoot);
        Assert.Equal(0, leader.Chain.Pool.Count);

        // Committing the same prepared block again is a no-op, never a second block at that height.
        Assert.Equal(BlockImportStatus.AlreadyImported, follower.Chain.CommitPrepared(prepared, two).Status);
    }

    [Fact]
    public void PrepareBlock_RefusesAForgedStateRoot_AndAStalePreparedBlockCannotCommit()
    {
        var leader = new TestChain(ThreeAuthorities());
        var follower = new TestChain(ThreeAuthorities());
        leader.Submit(leader.Transfer("Dave", "Eve", 5 * ChainParameters.OneVeil));
        var proposed = leader.Chain.ProposeBlock(TestChain.Account("Alice"), 1_767_225_601_000, allowEmpty: false)!;
        var forged = new Block(proposed.Header with { StateRoot = new Hash256(new byte[32]) }, proposed.Block.Extrinsics);
        Assert.Equal(BlockImportStatus.StateRootMismatch, follower.Chain.PrepareBlock(forged, out var none).Status);
        Assert.Null(none);

        // Two proposals for height 1 prepared on the same head: once one is final, the other is refused.
        var empty = leader.Chain.ProposeBlock(TestChain.Account("Bob"), 1_767_225_602_000, allowEmpty: true)!;
        Assert.Equal(BlockImportStatus.Imported, leader.Chain.CommitPrepared(proposed, ImportedChain.Sign(proposed.Header, leader.Chain.GenesisHash, "Alice", "Bob")).Status);
        Assert.Equal(BlockImportStatus.ConflictsWithFinalized, leader.Chain.CommitPrepared(empty, ImportedChain.Sign(empty.Header, leader.Chain.GenesisHash, "Alice", "Bob", "Charlie")).Status);
        Assert.Equal(proposed.Header.Hash, leader.Chain.Head.Hash);
    }
}
