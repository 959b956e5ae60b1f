using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Chain;

/// <summary>A block that has just been committed as final, with the transactions it included.</summary>
public sealed record FinalizedBlock(Block Block, FinalityProof Proof, IReadOnlyList<Hash256> TransactionHashes, TimeSpan ExecutionTime);

/// <summary>A transaction that was taken out of the pool without being included, and why.</summary>
public sealed record DroppedTransaction(Hash256 Hash, string Reason);
