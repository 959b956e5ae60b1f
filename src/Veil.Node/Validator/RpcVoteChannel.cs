using System.Collections.Concurrent;
using Veil.Consensus.Raft;
using Veil.Core;
using Veil.Node.Follow;

namespace Veil.Node.Validator;

/// <summary>
/// A validator's JSON-RPC link to the leader, one connection per peer: finality votes (<c>veil_raftVote</c>)
/// and transactions left behind by a change of leader (<c>author_submitExtrinsic</c>, batched).
/// </summary>
public sealed class RpcVoteChannel : IValidatorChannel, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, UpstreamNode> _peers = new(StringComparer.Ordinal);

    /// <summary>The connection to <paramref name="peer"/>'s RPC, shared with transaction forwarding.</summary>
    public UpstreamNode Connection(ValidatorPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return _peers.GetOrAdd(peer.RpcUrl, url => new UpstreamNode(url));
    }

    public async Task SendAsync(ValidatorPeer leader, FinalityVote vote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vote);
        await Connection(leader).CallAsync("veil_raftVote", [Hex.Encode(vote.Encode())], cancellationToken).ConfigureAwait(false);
    }

    public async Task ForwardAsync(ValidatorPeer leader, IReadOnlyList<byte[]> extrinsics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extrinsics);
        var parameters = new List<object?[]>(extrinsics.Count);
        foreach (var extrinsic in extrinsics) parameters.Add([Hex.Encode(extrinsic)]);
        try
        {
            await Connection(leader).CallBatchAsync("author_submitExtrinsic", parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (Rpc.RpcException ex) when (ex.Code != Rpc.RpcErrorCodes.ServerBusy)
        {
            // The leader answered (some were already known or invalid there): every one reached it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers.Values) await peer.DisposeAsync().ConfigureAwait(false);
        _peers.Clear();
    }
}
