using Veil.Chain.Import;
using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Chain.Tests.Import;

public sealed class ChainFollowerTests
{
    private static readonly ChainFollowerOptions Fast = new() { BatchSize = 2, RetryAfterRefusal = TimeSpan.FromMilliseconds(20), ReconnectDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task RunAsync_ImportsEveryBlock_WhenTheSourceServesAValidChain()
    {
        var producer = new TestChain();
        var blocks = ImportedChain.Produce(producer);
        var importer = new TestChain();
        var source = new ListSource(producer.Chain.GenesisHash, blocks);
        var follower = new ChainFollower(importer.Chain, _ => Task.FromResult<IFinalizedBlockSource>(source), Fast);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = follower.RunAsync(stop.Token);
        await WaitUntil(() => importer.Chain.Head.Number == blocks.Count, stop.Token);
        await stop.CancelAsync();
        await run;

        Assert.Equal(producer.Chain.Head, importer.Chain.Head);
        Assert.Null(follower.LastRefusal);
    }

    [Fact]
    public async Task RunAsync_StopsBeforeAForgedBlock_AndKeepsRunning_WhenTheSourceServesOne()
    {
        var producer = new TestChain();
        var blocks = ImportedChain.Produce(producer);
        var importer = new TestChain();
        var forged = blocks[2].Block.Header with { StateRoot = new Hash256(new byte[32]) };
        var served = new List<FinalizedBlock>(blocks) { [2] = blocks[2] with { Block = new Block(forged, blocks[2].Block.Extrinsics), Proof = ImportedChain.Sign(forged, importer.Chain.GenesisHash, "Alice") } };
        var source = new ListSource(producer.Chain.GenesisHash, served);
        var follower = new ChainFollower(importer.Chain, _ => Task.FromResult<IFinalizedBlockSource>(source), Fast);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = follower.RunAsync(stop.Token);
        await WaitUntil(() => source.Connections >= 3, stop.Token);

        Assert.Equal(blocks[1].Block.Header, importer.Chain.Head);
        Assert.Equal(BlockImportStatus.StateRootMismatch, follower.LastRefusal?.Status);
        Assert.False(run.IsCompleted);

        // The supplier is repaired: the follower goes on from where it stopped.
        source.Blocks[2] = blocks[2];
        await WaitUntil(() => importer.Chain.Head.Number == blocks.Count, stop.Token);
        await stop.CancelAsync();
        await run;
        Assert.Equal(producer.Chain.Head, importer.Chain.Head);
    }

    [Fact]
    public async Task RunAsync_ImportsNothing_WhenTheSourceServesAnotherChain()
    {
        var producer = new TestChain();
        var blocks = ImportedChain.Produce(producer);
        var importer = new TestChain();
        var source = new ListSource(new Hash256(new byte[32]), blocks);
        var follower = new ChainFollower(importer.Chain, _ => Task.FromResult<IFinalizedBlockSource>(source), Fast);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = follower.RunAsync(stop.Token);
        await WaitUntil(() => source.Connections >= 2, stop.Token);
        await stop.CancelAsync();
        await run;

        Assert.Equal(0u, importer.Chain.Head.Number);
        Assert.Contains("genesis", follower.LastRefusal?.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    private sealed class ListSource(Hash256 genesis, List<FinalizedBlock> blocks) : IFinalizedBlockSource
    {
        private int _connections;

        public List<FinalizedBlock> Blocks { get; } = blocks;

        public int Connections => Volatile.Read(ref _connections);

        public string Name => "test source";

        public Task<Hash256> GetGenesisHashAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _connections);
            return Task.FromResult(genesis);
        }

        public Task<uint> GetFinalizedNumberAsync(CancellationToken cancellationToken) => Task.FromResult((uint)Blocks.Count);

        public Task<IReadOnlyList<(Block Block, FinalityProof Proof)>> GetBlocksAsync(uint from, int count, CancellationToken cancellationToken)
        {
            var result = new List<(Block, FinalityProof)>();
            for (var n = from; n < from + count && n <= Blocks.Count; n++)
            {
                result.Add((Blocks[(int)n - 1].Block, Blocks[(int)n - 1].Proof));
            }

            return Task.FromResult<IReadOnlyList<(Block Block, FinalityProof Proof)>>(result);
        }

        public Task WaitForHeadAboveAsync(uint number, CancellationToken cancellationToken) => Task.Delay(5, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
