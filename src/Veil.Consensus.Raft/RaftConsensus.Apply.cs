using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Veil.Consensus.Raft;

/// <summary>The chain thread: committed entries, in log order, applied to the chain off Raft's own threads.</summary>
public sealed partial class RaftConsensus
{
    // Bounded: a restart replays the whole log, and decoded blocks must not pile up in memory meanwhile.
    private readonly Channel<CommittedEntry> _committed = Channel.CreateBounded<CommittedEntry>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
    private long _enqueued;
    private long _processed;

    internal async ValueTask EnqueueAsync(CommittedEntry entry, CancellationToken cancellationToken)
    {
        await _committed.Writer.WriteAsync(entry, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _enqueued, entry.Index);
    }

    // Until every entry handed over so far has reached the chain (after a read barrier: every committed one).
    private async Task WaitForChainAsync(CancellationToken cancellationToken)
    {
        var target = Volatile.Read(ref _enqueued);
        while (Volatile.Read(ref _processed) < target)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ProcessCommitted(CancellationToken cancellationToken)
    {
        var reader = _committed.Reader;
        try
        {
            while (reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (!cancellationToken.IsCancellationRequested && reader.TryRead(out var entry))
                {
                    if (entry.Block is not null)
                    {
                        ApplyProposal(entry.Block, entry.Context);
                    }
                    else
                    {
                        ApplyFinalize(entry.Proof!);
                    }

                    Volatile.Write(ref _processed, entry.Index);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogCritical(ex, "the chain thread stopped; this validator no longer applies blocks");
            throw;
        }
    }
}
