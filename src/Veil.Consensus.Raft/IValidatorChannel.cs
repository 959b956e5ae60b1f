namespace Veil.Consensus.Raft;

/// <summary>How a validator reaches the leader outside Raft (JSON-RPC in a node, direct calls in tests).</summary>
public interface IValidatorChannel
{
    /// <summary>Delivers <paramref name="vote"/> to <paramref name="leader"/>; throws on a transport failure (the caller retries).</summary>
    Task SendAsync(ValidatorPeer leader, FinalityVote vote, CancellationToken cancellationToken);

    /// <summary>
    /// Submits <paramref name="extrinsics"/> to <paramref name="leader"/>'s pool (transactions left in this
    /// validator's pool when it stopped leading). Returns normally when they reached the leader, whatever it
    /// thought of each; throws on a transport failure, and the caller keeps them.
    /// </summary>
    Task ForwardAsync(ValidatorPeer leader, IReadOnlyList<byte[]> extrinsics, CancellationToken cancellationToken);
}
