using System.Text.Json;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Node.Follow;
using Veil.Node.Rpc;

namespace Veil.Node.Chain;

/// <summary>
/// On a full node (<c>veil node --follow</c>) the local pool is never sealed, so transactions go to the
/// node it follows instead, and next-nonce queries too (they count that node's pool). A watched
/// extrinsic's <c>inBlock</c>/<c>finalized</c> updates still come from this node, once it has imported
/// the block itself, so a caller who then reads state here sees the transfer.
/// </summary>
public sealed partial class ChainRpc
{
    private readonly UpstreamNode? _upstream;

    /// <summary>The node this one follows and forwards transactions to; null on an authoring node.</summary>
    public UpstreamNode? Upstream
    {
        get => UpstreamSelector is { } select ? select() : _upstream;
        init => _upstream = value;
    }

    /// <summary>
    /// On a Raft validator: asked per request, it names the current leader (null while this node leads, so
    /// transactions enter the local pool); it may throw an <see cref="RpcException"/> during an election.
    /// </summary>
    public Func<UpstreamNode?>? UpstreamSelector { get; init; }

    // Read once per request: on a validator the answer changes with the leader.
    private UpstreamNode RequireUpstream()
        => Upstream ?? throw new RpcException(RpcErrorCodes.ServerBusy, "Leader changed", "this node became the leader while forwarding; retry");

    private async ValueTask<RpcResult> ForwardSubmitAsync(byte[] extrinsic, CancellationToken cancellationToken)
    {
        var result = await RequireUpstream().CallAsync("author_submitExtrinsic", [Hex.Encode(extrinsic)], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.String ? result.GetString()! : RpcResult.Null;
    }

    private async ValueTask<RpcResult> ForwardNextIndexAsync(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        ParseAccount(p, 0, "account");
        var account = p.GetString(0, "account");
        var result = await RequireUpstream().CallAsync("system_accountNextIndex", [account], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Number && result.TryGetInt64(out var nonce)
            ? nonce
            : throw new RpcException(RpcErrorCodes.InternalError, "the upstream node answered system_accountNextIndex without a number");
    }

    private async ValueTask ForwardAndWatchAsync(RpcParams p, ISubscriptionSink sink, CancellationToken ended)
    {
        p.ExpectAtMost(1);
        var bytes = p.GetHex(0, "extrinsic");
        var hash = Blake2b.Hash256(bytes);
        if (!_watchers.TryAdd(hash, sink))
        {
            throw new RpcException(RpcErrorCodes.AlreadyImported, "Transaction Already Imported", "this extrinsic is already being watched");
        }

        ended.Register(() => _watchers.TryRemove(new KeyValuePair<Hash256, ISubscriptionSink>(hash, sink)));
        try
        {
            await ForwardSubmitAsync(bytes, ended).ConfigureAwait(false);
        }
        catch
        {
            _watchers.TryRemove(hash, out _);
            throw;
        }

        sink.TryNotify("ready");
    }
}
