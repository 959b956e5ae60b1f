using Veil.Protocol.Blocks;

namespace Veil.Consensus.Raft;

/// <summary>A decoded, committed Raft entry waiting for the chain thread: a proposal (block) or a finalization (proof).</summary>
internal sealed record CommittedEntry(long Index, Block? Block, FinalityProof? Proof, PreparedBlockContext? Context);
