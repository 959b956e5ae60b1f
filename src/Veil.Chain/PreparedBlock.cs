using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Storage;

namespace Veil.Chain;

/// <summary>
/// A block executed on the head but not yet final: its state changes and new trie nodes wait, unwritten,
/// for a finality proof (<see cref="ChainService.CommitPrepared"/>). Valid only while the head is its parent.
/// </summary>
public sealed class PreparedBlock
{
    internal PreparedBlock(Block block, List<Hash256> transactionHashes, BlockExecution execution, List<KeyValuePair<byte[], byte[]?>> changes, WriteBatch batch, TimeSpan executionTime)
    {
        Block = block;
        TransactionHashes = transactionHashes;
        Execution = execution;
        Changes = changes;
        Batch = batch;
        ExecutionTime = executionTime;
    }

    public Block Block { get; }

    public BlockHeader Header => Block.Header;

    public IReadOnlyList<Hash256> TransactionHashes { get; }

    internal BlockExecution Execution { get; }

    internal List<KeyValuePair<byte[], byte[]?>> Changes { get; }

    internal WriteBatch Batch { get; }

    public TimeSpan ExecutionTime { get; }
}
