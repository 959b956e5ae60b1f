using System.Buffers;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;

namespace Veil.Consensus.Raft;

/// <summary>
/// The Raft state machine is the chain itself: committed entries are applied in log order on every
/// validator (proposals re-executed, finalizations committed), so no separate snapshot is kept. On a
/// restart the log is replayed from its start; entries at or below the chain's head are skipped, which
/// makes replay idempotent.
/// </summary>
/// <remarks>
/// Executing a block takes hundreds of milliseconds under load, so the chain work is handed (in order, through
/// a bounded queue) to <see cref="RaftConsensus"/>'s own thread: done here, it starved Raft's heartbeats and
/// caused needless elections on a busy 2-core machine.
/// </remarks>
internal sealed class ChainStateMachine(RaftConsensus owner, ILogger logger) : IStateMachine
{
    public ISnapshot? Snapshot => null;

    public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token) => ValueTask.CompletedTask;

    public async ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsConfiguration || entry.IsSnapshot || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            // Raft's own no-op and configuration entries carry nothing for the chain.
            return entry.Index;
        }

        if (payload.Length > RaftEntry.MaxLength)
        {
            logger.LogWarning("Raft entry #{Index} of {Length} bytes refused: over {Max}", entry.Index, payload.Length, RaftEntry.MaxLength);
            return entry.Index;
        }

        if (!RaftEntry.TryDecode(payload.IsSingleSegment ? payload.First.Span : payload.ToArray(), out var block, out var proof, out var error))
        {
            // A malformed entry is skipped by every validator alike (decoding is deterministic).
            logger.LogWarning("Raft entry #{Index} refused: {Error}", entry.Index, error);
            return entry.Index;
        }

        await owner.EnqueueAsync(new CommittedEntry(entry.Index, block, proof, entry.Context as PreparedBlockContext), token).ConfigureAwait(false);
        return entry.Index;
    }
}
