using System.Net;

namespace Veil.Consensus.Raft;

/// <summary>One validator's Raft settings.</summary>
public sealed record RaftOptions
{
    /// <summary>Where this validator's Raft transport listens; must be one of <see cref="Members"/>.</summary>
    public required IPEndPoint EndPoint { get; init; }

    /// <summary>Every validator of the cluster, this one included (static membership).</summary>
    public required IReadOnlyList<ValidatorPeer> Members { get; init; }

    /// <summary>Directory of the Raft write-ahead log (term, vote and entries survive a restart).</summary>
    public required string LogDirectory { get; init; }

    /// <summary>When the pool is empty, the leader still proposes an (empty) block this often; null: only when transactions wait.</summary>
    public TimeSpan? EmptyBlockInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Election timeout range. A follower that hears no heartbeat for a random time in it stands for election,
    /// so a killed leader is replaced within about the upper bound plus one election round (&lt; 2 s).
    /// </summary>
    public int LowerElectionTimeoutMs { get; init; } = 300;

    public int UpperElectionTimeoutMs { get; init; } = 600;

    /// <summary>How often a validator re-sends its pending vote until the block is final (covers a leader change).</summary>
    public TimeSpan VoteResendInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
