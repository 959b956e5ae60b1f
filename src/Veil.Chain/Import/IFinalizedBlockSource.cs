using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Chain.Import;

/// <summary>
/// Where a full node reads finalized blocks: another node's RPC, or a test double. Untrusted: the
/// follower verifies and re-executes everything it returns. A connection's worth of state; the follower
/// disposes it and opens a new one after any failure.
/// </summary>
public interface IFinalizedBlockSource : IAsyncDisposable
{
    /// <summary>Describes the source for log lines (e.g. its URL).</summary>
    string Name { get; }

    Task<Hash256> GetGenesisHashAsync(CancellationToken cancellationToken);

    /// <summary>The number of the source's finalized head.</summary>
    Task<uint> GetFinalizedNumberAsync(CancellationToken cancellationToken);

    /// <summary>Blocks #<paramref name="from"/> onwards with their finality proofs, in order: at most
    /// <paramref name="count"/>, fewer when the source has not finalized them yet.</summary>
    Task<IReadOnlyList<(Block Block, FinalityProof Proof)>> GetBlocksAsync(uint from, int count, CancellationToken cancellationToken);

    /// <summary>Completes once the source may have finalized a block above <paramref name="number"/>
    /// (a head notification, or a poll interval passing); callers re-read the head.</summary>
    Task WaitForHeadAboveAsync(uint number, CancellationToken cancellationToken);
}
