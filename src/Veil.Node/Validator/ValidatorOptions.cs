using System.Net;
using Veil.Consensus.Raft;

namespace Veil.Node.Validator;

/// <summary>
/// A Raft validator's network settings (<c>veil node --validator</c>): where its Raft transport listens and
/// the other validators' Raft addresses and RPC URLs. The authority key is <see cref="NodeOptions.AuthorityUri"/>.
/// </summary>
public sealed record ValidatorOptions(IPEndPoint RaftEndPoint, IReadOnlyList<ValidatorPeer> Peers)
{
    /// <summary>When the pool is empty, the leader still seals an empty block this often (null: never).</summary>
    public TimeSpan? EmptyBlockInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The full member list: the peers plus this validator (its RPC URL is <paramref name="selfRpcUrl"/>).</summary>
    public IReadOnlyList<ValidatorPeer> Members(string selfRpcUrl)
    {
        var members = new List<ValidatorPeer>(Peers.Count + 1) { new(RaftEndPoint, selfRpcUrl) };
        foreach (var peer in Peers)
        {
            if (!peer.RaftEndPoint.Equals(RaftEndPoint)) members.Add(peer);
        }

        return members;
    }
}
