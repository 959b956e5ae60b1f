using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Veil.Chain.Consensus;
using Veil.Protocol.Blocks;

namespace Veil.Chain.Import;

/// <summary>
/// A full node's "consensus": it produces nothing, and imports (verifies, re-executes, commits) every
/// finalized block another node serves, first catching up, then following new heads. A block the chain
/// refuses is logged and the follower stops advancing at the block before it, retrying later (the
/// supplier may be replaced or repaired); it never accepts the block and never stops the node. Transport
/// failures reconnect with a backoff. Catch-up fetches the next batch while the current one imports.
/// </summary>
public sealed class ChainFollower : IConsensus
{
    private readonly ChainService _chain;
    private readonly Func<CancellationToken, Task<IFinalizedBlockSource>> _connect;
    private readonly ChainFollowerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _lastLoggedRefusal;

    public ChainFollower(ChainService chain, Func<CancellationToken, Task<IFinalizedBlockSource>> connect, ChainFollowerOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(connect);
        _chain = chain;
        _connect = connect;
        _options = options ?? ChainFollowerOptions.Default;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Name => "Follow";

    /// <summary>The last refusal (a block the supplier served that this node would not accept), or null.</summary>
    public BlockImportResult? LastRefusal { get; private set; }

    /// <summary>The supplier's finalized head as last read.</summary>
    public uint UpstreamHead { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                var source = await _connect(cancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    failures = 0;
                    await FollowAsync(source, cancellationToken).ConfigureAwait(false);
                }

                // FollowAsync returns only after a refusal: wait, then try again on a fresh connection.
                pause = _options.RetryAfterRefusal;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures++;
                pause = TimeSpan.FromTicks(Math.Min(_options.MaxReconnectDelay.Ticks, _options.ReconnectDelay.Ticks << Math.Min(failures - 1, 10)));
                _logger.LogWarning("following: {Error}; reconnecting in {Seconds:F1} s", ex.Message, pause.TotalSeconds);
            }

            try
            {
                await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FollowAsync(IFinalizedBlockSource source, CancellationToken cancellationToken)
    {
        var genesis = await source.GetGenesisHashAsync(cancellationToken).ConfigureAwait(false);
        if (genesis != _chain.GenesisHash)
        {
            Refuse(new BlockImportResult(BlockImportStatus.ConflictsWithFinalized, $"{source.Name} serves the chain with genesis {genesis}, but this node's chain spec has genesis {_chain.GenesisHash}; start it with the same --chain", null));
            return;
        }

        _logger.LogInformation("following {Source} from #{Number} {Hash}", source.Name, _chain.Head.Number, _chain.Head.Hash);
        while (!cancellationToken.IsCancellationRequested)
        {
            UpstreamHead = await source.GetFinalizedNumberAsync(cancellationToken).ConfigureAwait(false);
            if (UpstreamHead > _chain.Head.Number && !await CatchUpAsync(source, UpstreamHead, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (UpstreamHead <= _chain.Head.Number)
            {
                await source.WaitForHeadAboveAsync(_chain.Head.Number, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The supplier named a head it then did not serve: ask again shortly rather than spin.
                await Task.Delay(_options.ReconnectDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Imports up to the supplier's head; false after a refusal.
    private async Task<bool> CatchUpAsync(IFinalizedBlockSource source, uint target, CancellationToken cancellationToken)
    {
        var catchingUp = target - _chain.Head.Number > _options.BatchSize;
        if (catchingUp)
        {
            _logger.LogInformation("catching up: #{From} → #{To} from {Source}", _chain.Head.Number, target, source.Name);
        }

        var next = _chain.Head.Number + 1;
        var fetch = source.GetBlocksAsync(next, BatchFor(next, target), cancellationToken);
        while (true)
        {
            var blocks = await fetch.ConfigureAwait(false);
            if (blocks.Count == 0)
            {
                return true;
            }

            next += (uint)blocks.Count;
            fetch = next <= target ? source.GetBlocksAsync(next, BatchFor(next, target), cancellationToken) : Task.FromResult<IReadOnlyList<(Block, FinalityProof)>>([]);
            foreach (var (block, proof) in blocks)
            {
                var result = _chain.ImportBlock(block, proof);
                if (!result.IsAccepted)
                {
                    // Let the prefetch finish (its result is dropped) so the source is not disposed under it.
                    await IgnoreFailure(fetch).ConfigureAwait(false);
                    Refuse(result);
                    return false;
                }
            }

            if (catchingUp && next > target)
            {
                _logger.LogInformation("caught up at #{Number} {Hash}", _chain.Head.Number, _chain.Head.Hash);
            }
        }
    }

    private int BatchFor(uint next, uint target) => (int)Math.Min((ulong)_options.BatchSize, (ulong)target - next + 1);

    private void Refuse(BlockImportResult result)
    {
        LastRefusal = result;

        // Logged once per distinct refusal: a supplier that keeps serving the same bad block must not flood the log.
        if (result.Message != _lastLoggedRefusal)
        {
            _lastLoggedRefusal = result.Message;
            _logger.LogError("refused a block from upstream ({Status}): {Reason}; staying at #{Number} {Hash}", result.Status, result.Message, _chain.Head.Number, _chain.Head.Hash);
        }
    }

    private static async Task IgnoreFailure(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The batch after a refused block is never used.
        }
    }
}
