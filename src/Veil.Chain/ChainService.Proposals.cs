using System.Diagnostics;
using Veil.Chain.Import;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Protocol.Proofs;
using Veil.Protocol.Transactions;
using Veil.State;
using Veil.Storage;

namespace Veil.Chain;

/// <summary>
/// Two-phase blocks for multi-authority consensus (Raft): a block is built or re-executed first
/// (<see cref="ProposeBlock"/>, <see cref="PrepareBlock"/>), so its roots can be checked and signed
/// before it is final, and committed later with the quorum's proof (<see cref="CommitPrepared"/>).
/// </summary>
public sealed partial class ChainService
{
    /// <summary>
    /// Builds and executes the next block from the pool's ready transactions without committing it
    /// (a Raft leader's proposal). Returns null when <paramref name="allowEmpty"/> is false and nothing is ready.
    /// </summary>
    public PreparedBlock? ProposeBlock(AccountId author, ulong timestampMs, bool allowEmpty)
    {
        lock (_blockLock)
        {
            var candidates = Pool.TakeReady(Runtime.Parameters.MaxBlockExtrinsics);
            var parent = Head;
            var number = parent.Number + 1;
            DropExpired(candidates, number);
            if (candidates.Count == 0 && !allowEmpty)
            {
                return null;
            }

            var started = Stopwatch.GetTimestamp();
            var timestamp = Math.Max(timestampMs, parent.Timestamp + 1);
            var context = new BlockContext(number, timestamp, GenesisHash);
            var execution = _executor.Execute(Database, context, candidates, strict: false, out _);
            var changes = execution.State.SortedChanges();
            var batch = new WriteBatch(changes.Count * 3);
            var stateRoot = _trie.Apply(parent.StateRoot, ToTrieChanges(changes), batch);
            var hashes = new List<Hash256>(execution.Included.Count);
            var encoded = new List<byte[]>(execution.Included.Count);
            foreach (var extrinsic in execution.Included)
            {
                hashes.Add(extrinsic.Hash);
                encoded.Add(extrinsic.Encoded);
            }

            var header = new BlockHeader(parent.Hash, number, stateRoot, MerkleList.Root(hashes), MerkleList.Root(execution.MessageHashes), timestamp, author);
            return new PreparedBlock(new Block(header, encoded), hashes, execution, changes, batch, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Re-executes a proposed block on the head without committing it: it must be the head's child, move
    /// time forward, and its extrinsics (signatures verified, applied strictly) must reproduce the header's
    /// extrinsics, messages and state roots. Only then may an authority sign it. Never throws on untrusted input.
    /// </summary>
    public BlockImportResult PrepareBlock(Block block, out PreparedBlock? prepared)
    {
        ArgumentNullException.ThrowIfNull(block);
        prepared = null;
        lock (_blockLock)
        {
            var started = Stopwatch.GetTimestamp();
            var parent = Head;
            var header = block.Header;
            if (CheckPosition(parent, header) is { } position)
            {
                return position;
            }

            if (header.Timestamp <= parent.Timestamp)
            {
                return BlockImportResult.Refused(BlockImportStatus.InvalidHeader, $"block #{header.Number}: timestamp {header.Timestamp} does not move past its parent's {parent.Timestamp}");
            }

            if (!TryDecodeExtrinsics(block, out var extrinsics, out var hashes, out var refusal))
            {
                return refusal;
            }

            var context = new BlockContext(header.Number, header.Timestamp, GenesisHash);
            var execution = _executor.Execute(Database, context, extrinsics, strict: true, out var executionError);
            if (executionError.Length > 0 || execution.Included.Count != extrinsics.Count)
            {
                return BlockImportResult.Refused(BlockImportStatus.InvalidExtrinsic, $"block #{header.Number}: {(executionError.Length > 0 ? executionError : "not every extrinsic was applied")}");
            }

            var messagesRoot = MerkleList.Root(execution.MessageHashes);
            if (messagesRoot != header.MessagesRoot)
            {
                return BlockImportResult.Refused(BlockImportStatus.MessagesRootMismatch, $"block #{header.Number}: re-execution delivered {execution.MessageHashes.Count} queue message(s) with root {messagesRoot}, but the header commits to {header.MessagesRoot}");
            }

            var changes = execution.State.SortedChanges();
            var batch = new WriteBatch(changes.Count * 3);
            var stateRoot = _trie.Apply(parent.StateRoot, ToTrieChanges(changes), batch);
            if (stateRoot != header.StateRoot)
            {
                return BlockImportResult.Refused(BlockImportStatus.StateRootMismatch, $"block #{header.Number}: re-execution reached state root {stateRoot}, but the header says {header.StateRoot}");
            }

            prepared = new PreparedBlock(block, hashes, execution, changes, batch, Stopwatch.GetElapsedTime(started));
            return new BlockImportResult(BlockImportStatus.Imported, string.Empty, null);
        }
    }

    /// <summary>
    /// Commits a block prepared on the current head once <paramref name="proof"/> carries
    /// <see cref="FinalityThreshold"/> authority signatures for it, in one atomic, fsynced batch, and
    /// announces it by <see cref="BlockFinalized"/>. Refuses (writing nothing) when the head moved since the
    /// block was prepared or the proof does not finalize it.
    /// </summary>
    public BlockImportResult CommitPrepared(PreparedBlock prepared, FinalityProof proof)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(proof);
        lock (_blockLock)
        {
            var parent = Head;
            var block = prepared.Block;
            var header = block.Header;
            if (CheckPosition(parent, header) is { } position)
            {
                return position;
            }

            if (!FinalityCheck.TryCheck(GenesisHash, Spec.Authorities, FinalityThreshold, parent.Number, parent.Hash, header, proof, out var proofError))
            {
                return BlockImportResult.Refused(BlockImportStatus.InvalidFinalityProof, proofError);
            }

            var finalized = Commit(prepared, proof, started: null);
            return new BlockImportResult(BlockImportStatus.Imported, string.Empty, finalized);
        }
    }

    /// <summary>
    /// Writes a prepared block with its proof in one atomic, fsynced batch, moves the head, clears the
    /// pool of what it included or rejected for good, and announces it. The caller holds the block lock and
    /// has checked the block's position and proof. <paramref name="started"/> (a Stopwatch timestamp) makes
    /// the reported time run to the commit; otherwise it is the preparation's execution time.
    /// </summary>
    private FinalizedBlock Commit(PreparedBlock prepared, FinalityProof proof, long? started)
    {
        var execution = prepared.Execution;
        var block = prepared.Block;
        Database.CommitBlock(block, proof, prepared.Changes, prepared.TransactionHashes, execution.Outcomes, prepared.Batch, isGenesis: false, execution.Messages);
        Volatile.Write(ref _head, block.Header);

        Pool.Remove(execution.Included);
        var rejected = new List<Extrinsic>(execution.Rejected.Count);
        foreach (var (extrinsic, reason) in execution.Rejected)
        {
            // A future nonce may become valid later; everything else is dropped for good.
            if (reason.Error == TransactionError.FutureNonce) continue;
            rejected.Add(extrinsic);
            TransactionDropped?.Invoke(new DroppedTransaction(extrinsic.Hash, reason.Message));
        }

        Pool.Remove(rejected);
        var time = started is { } from ? Stopwatch.GetElapsedTime(from) : prepared.ExecutionTime;
        var finalized = new FinalizedBlock(block, proof, prepared.TransactionHashes, time);
        BlockFinalized?.Invoke(finalized);
        return finalized;
    }
}
