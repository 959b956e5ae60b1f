namespace Veil.Consensus.Raft;

/// <summary>The first byte of a <see cref="RaftEntry"/>.</summary>
public enum RaftEntryKind : byte
{
    Proposal = 1,
    Finalize = 2,
}
