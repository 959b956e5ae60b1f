using Microsoft.Extensions.Logging;
using Veil.Chain;
using Veil.Chain.Import;
using Veil.Node.Chain;
using Veil.Node.Follow;
using Veil.Node.Metrics;
using Veil.Node.Rpc;
using Veil.Storage;

namespace Veil.Node;

/// <summary>A full node: the same chain, RPC and metrics, with a <see cref="ChainFollower"/> in place of DevSeal.</summary>
public sealed partial class VeilNode
{
    private UpstreamNode? _upstream;

    /// <summary>The follower when this is a full node (<see cref="NodeOptions.FollowUrl"/>), else null.</summary>
    public ChainFollower? Follower { get; private set; }

    private static async Task<VeilNode> StartFollowerAsync(NodeOptions options, ILoggerFactory loggers, RocksDbStore store, ChainService chain, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("veil.node");
        var url = options.FollowUrl!;
        var upstream = new UpstreamNode(url);
        var metrics = new MetricsRegistry();
        RegisterMetrics(metrics, chain);
        var chainRpc = new ChainRpc(chain) { Upstream = upstream };
        RpcServer rpc;
        try
        {
            rpc = await RpcServer.StartAsync(new RpcServerOptions { Port = options.RpcPort }, chainRpc.Methods, chainRpc.Subscriptions, metrics, loggers.CreateLogger("veil.rpc"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await upstream.DisposeAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }

        var follower = new ChainFollower(chain, ct => RpcBlockSource.ConnectAsync(url, ct), options.Follow, TimeProvider.System, loggers.CreateLogger("veil.follow"));
        metrics.AddCallbackGauge("veil_follow_upstream_height", "Finalized head of the followed node, as last read", () => follower.UpstreamHead);
        var node = new VeilNode(store, chain, rpc, logger) { _upstream = upstream, Follower = follower };
        node._consensus = Task.Run(() => follower.RunAsync(node._stopping.Token));
        logger.LogInformation("full node of chain '{Chain}' genesis {Genesis}; finalized head #{Number} {Hash}; following {Upstream} (transactions are forwarded there)", chain.Spec.Name, chain.GenesisHash, chain.Head.Number, chain.Head.Hash, url);
        logger.LogInformation("JSON-RPC on {Http} and {Ws}; metrics on {Http}metrics", rpc.HttpUri, rpc.WebSocketUri, rpc.HttpUri);
        return node;
    }
}
