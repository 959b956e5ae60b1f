using Veil.Chain;

namespace Veil.Consensus.Raft;

/// <summary>Handed with the leader's own proposal to its state machine, so the leader does not execute its block twice.</summary>
internal sealed record PreparedBlockContext(PreparedBlock Block);
