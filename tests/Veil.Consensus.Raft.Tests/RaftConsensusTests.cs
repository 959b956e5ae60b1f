using System.Diagnostics;
using Veil.Chain;
using Veil.Core;
using Veil.Protocol.Blocks;
using Xunit.Abstractions;

namespace Veil.Consensus.Raft.Tests;

/// <summary>Three validators over real TCP: agreement, quorum proofs, leader failover and catch-up.</summary>
public sealed class RaftConsensusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Validators_FinalizeTheSameBlocks_WithMajorityProofs()
    {
        await using var cluster = new TestValidators();
        await cluster.StartAllAsync();
        var leader = await cluster.WaitForLeaderAsync(Patience);
        for (uint nonce = 0; nonce < 20; nonce++)
        {
            Assert.True(leader.Chain.Pool.Submit(cluster.Transfer(leader, "Dave", "Eve", 1_000, nonce), out _).IsValid);
        }

        await WaitUntilAsync(() => leader.Chain.GetAccount(cluster.Key("Dave").PublicKey).Nonce == 20, Patience);
        var height = leader.Chain.Head.Number;
        await cluster.WaitForHeightAsync(height, Patience);
        foreach (var validator in cluster.Running)
        {
            for (uint n = 1; n <= height; n++)
            {
                var hash = validator!.Chain.Database.GetHash(n)!.Value;
                Assert.Equal(leader.Chain.Database.GetHash(n), hash);
                var header = validator.Chain.Database.GetHeader(hash)!;
                var parent = validator.Chain.Database.GetHeader(header.ParentHash)!;
                var proof = validator.Chain.Database.GetFinalityProof(hash)!;
                Assert.True(proof.Signatures.Count >= 2, $"block #{n} has {proof.Signatures.Count} signature(s)");
                Assert.True(FinalityCheck.TryCheck(validator.Chain.GenesisHash, cluster.Spec.Authorities, FinalityCheck.Majority(3), parent.Number, parent.Hash, header, proof, out var error), error);
            }

            Assert.Equal(20u, validator!.Chain.GetAccount(cluster.Key("Dave").PublicKey).Nonce);
        }
    }

    [Fact]
    public async Task KillingTheLeader_ElectsANewOneWithinTwoSeconds_AndEveryTransferLandsOnce()
    {
        await using var cluster = new TestValidators();
        await cluster.StartAllAsync();
        var leader = await cluster.WaitForLeaderAsync(Patience);
        var eve = cluster.Key("Eve").PublicKey;
        var before = leader.Chain.GetAccount(eve).Free;
        uint nonce = 0;
        for (; nonce < 10; nonce++)
        {
            Assert.True(leader.Chain.Pool.Submit(cluster.Transfer(leader, "Dave", "Eve", 1_000, nonce), out _).IsValid);
        }

        await WaitUntilAsync(() => leader.Chain.GetAccount(cluster.Key("Dave").PublicKey).Nonce == 10, Patience);
        var finalizedBefore = leader.Chain.Head;

        var stopwatch = Stopwatch.StartNew();
        await cluster.StopAsync(leader.Index);
        var next = await cluster.WaitForLeaderAsync(Patience);
        var failover = stopwatch.Elapsed;
        output.WriteLine($"new leader {TestValidators.Names[next.Index]} after {failover.TotalMilliseconds:F0} ms");
        Assert.True(failover < TimeSpan.FromSeconds(2), $"failover took {failover}");

        // Transfers signed again with the same nonces are refused or land once; new ones land once.
        for (; nonce < 20; nonce++)
        {
            Assert.True(next.Chain.Pool.Submit(cluster.Transfer(next, "Dave", "Eve", 1_000, nonce), out _).IsValid);
        }

        await WaitUntilAsync(() => next.Chain.GetAccount(cluster.Key("Dave").PublicKey).Nonce == 20, Patience);
        await cluster.WaitForHeightAsync(next.Chain.Head.Number, Patience);
        foreach (var validator in cluster.Running)
        {
            if (validator is null) continue;
            Assert.Equal(before + (20 * 1_000), validator.Chain.GetAccount(eve).Free);
            Assert.Equal(finalizedBefore.Hash, validator.Chain.Database.GetHash(finalizedBefore.Number));
        }

        // The old leader comes back and catches up to the same chain.
        await cluster.StartAsync(leader.Index);
        var head = next.Chain.Head.Number;
        await cluster.WaitForHeightAsync(head, Patience);
        await cluster.DisposeRunningAsync();
        AssertOneBlockPerHeight(cluster.ReadHistories());
    }

    [Fact]
    public async Task TransactionsInAResigningLeadersPool_ReachTheNewLeader_AndLandOnce()
    {
        await using var cluster = new TestValidators();
        await cluster.StartAllAsync();
        var leader = await cluster.WaitForLeaderAsync(Patience);
        const uint count = 300;
        var dave = cluster.Key("Dave").PublicKey;
        var eve = cluster.Key("Eve").PublicKey;
        var before = leader.Chain.GetAccount(eve).Free;
        for (uint nonce = 0; nonce < count; nonce++)
        {
            Assert.True(leader.Chain.Pool.Submit(cluster.Transfer(leader, "Dave", "Eve", 1_000, nonce), out _).IsValid);
        }

        Assert.True(await leader.Consensus.ResignAsync(CancellationToken.None));
        await WaitUntilAsync(() => cluster.Running.All(v => v!.Chain.GetAccount(dave).Nonce == count), Patience);
        foreach (var validator in cluster.Running)
        {
            Assert.Equal(before + (count * 1_000), validator!.Chain.GetAccount(eve).Free);
            Assert.Equal(0, validator.Chain.Pool.Count);
        }
    }

    [Fact]
    public async Task WholeClusterRestart_ResumesAtTheLastFinalizedBlock()
    {
        await using var cluster = new TestValidators(emptyBlockInterval: TimeSpan.FromMilliseconds(100));
        await cluster.StartAllAsync();
        await cluster.WaitForLeaderAsync(Patience);
        await cluster.WaitForHeightAsync(5, Patience);
        await cluster.DisposeRunningAsync();
        var before = cluster.ReadHistories();
        await cluster.StartAllAsync();
        var leader = await cluster.WaitForLeaderAsync(Patience);
        Assert.True(leader.Chain.Head.Number >= before[leader.Index].Count - 1);
        var target = leader.Chain.Head.Number + 3;
        await cluster.WaitForHeightAsync(target, Patience);
        await cluster.DisposeRunningAsync();
        var after = cluster.ReadHistories();
        AssertOneBlockPerHeight([.. before, .. after]);
    }

    [Fact]
    public async Task RestartedFollower_CatchesUpOnTheSameBlocks()
    {
        await using var cluster = new TestValidators(emptyBlockInterval: TimeSpan.FromMilliseconds(100));
        await cluster.StartAllAsync();
        var leader = await cluster.WaitForLeaderAsync(Patience);
        await cluster.WaitForHeightAsync(3, Patience);
        var follower = (leader.Index + 1) % 3;
        await cluster.StopAsync(follower);
        var stoppedAt = leader.Chain.Head.Number;
        await WaitUntilAsync(() => leader.Chain.Head.Number >= stoppedAt + 10, Patience);
        await cluster.StartAsync(follower);
        await cluster.WaitForHeightAsync(leader.Chain.Head.Number, Patience);
        await cluster.DisposeRunningAsync();
        var histories = cluster.ReadHistories();
        AssertOneBlockPerHeight(histories);
        Assert.True(histories[follower].Count > stoppedAt + 10);
    }

    private static void AssertOneBlockPerHeight(List<Dictionary<uint, Hash256>> histories)
    {
        var seen = new Dictionary<uint, Hash256>();
        foreach (var history in histories)
        {
            foreach (var (number, hash) in history)
            {
                if (seen.TryGetValue(number, out var other)) Assert.Equal(other, hash);
                else seen[number] = hash;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException("condition not reached");
            await Task.Delay(20);
        }
    }
}
