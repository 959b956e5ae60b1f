using Microsoft.Extensions.Logging;
using Veil.Chain;
using Veil.Chain.Consensus;
using Veil.Chain.Spec;
using Veil.Crypto.Derivation;
using Veil.Node.Chain;
using Veil.Node.Metrics;
using Veil.Node.Rpc;
using Veil.Storage;

namespace Veil.Node;

/// <summary>
/// A running chain node: RocksDB database, chain, consensus loop and the JSON-RPC/metrics server.
/// Thin by design: all behaviour lives in Veil.Chain; this wires it to sockets and files.
/// </summary>
public sealed partial class VeilNode : IAsyncDisposable
{
    private readonly RocksDbStore _store;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private Task _consensus = Task.CompletedTask;

    private VeilNode(RocksDbStore store, ChainService chain, RpcServer rpc, ILogger logger)
    {
        _store = store;
        Chain = chain;
        Rpc = rpc;
        _logger = logger;
    }

    public ChainService Chain { get; }

    public RpcServer Rpc { get; }

    public static async Task<VeilNode> StartAsync(NodeOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("veil.node");
        var spec = options.Spec ?? ChainSpec.Load(options.Chain);
        Directory.CreateDirectory(options.DataDirectory);
        var store = RocksDbStore.Open(Path.Combine(options.DataDirectory, "chain"));
        ChainService chain;
        try
        {
            chain = ChainService.Open(spec, store);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        if (options.FollowUrl is not null)
        {
            return await StartFollowerAsync(options, loggers, store, chain, cancellationToken).ConfigureAwait(false);
        }

        if (options.Validator is not null)
        {
            return await StartValidatorAsync(options, loggers, store, chain, cancellationToken).ConfigureAwait(false);
        }

        if (!KeyDerivation.TryFromUri(options.AuthorityUri, out var authority, out var keyError))
        {
            store.Dispose();
            throw new ArgumentException($"authority key: {keyError}", nameof(options));
        }

        var metrics = new MetricsRegistry();
        RegisterMetrics(metrics, chain);
        var chainRpc = new ChainRpc(chain);
        RpcServer rpc;
        try
        {
            rpc = await RpcServer.StartAsync(new RpcServerOptions { Port = options.RpcPort }, chainRpc.Methods, chainRpc.Subscriptions, metrics, loggers.CreateLogger("veil.rpc"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            authority.Dispose();
            store.Dispose();
            throw;
        }

        var node = new VeilNode(store, chain, rpc, logger);
        var seal = new DevSeal(chain, authority, options.Seal, TimeProvider.System, loggers.CreateLogger("veil.seal"));
        node._consensus = Task.Run(async () =>
        {
            try
            {
                await seal.RunAsync(node._stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                authority.Dispose();
            }
        });
        logger.LogInformation("chain '{Chain}' genesis {Genesis}; finalized head #{Number} {Hash}", spec.Name, chain.GenesisHash, chain.Head.Number, chain.Head.Hash);
        logger.LogInformation("JSON-RPC on {Http} and {Ws}; metrics on {Http}metrics", rpc.HttpUri, rpc.WebSocketUri, rpc.HttpUri);
        return node;
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> fires or consensus stops with an error.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
        await Task.WhenAny(cancelled, _consensus).ConfigureAwait(false);
        if (_consensus.IsFaulted)
        {
            await _consensus.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _consensus.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "consensus stopped with an error");
        }

        await Rpc.DisposeAsync().ConfigureAwait(false);
        if (_upstream is not null) await _upstream.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
        _stopping.Dispose();
    }

    private static void RegisterMetrics(MetricsRegistry metrics, ChainService chain)
    {
        var transactions = metrics.GetCounter("veil_transactions_total", "Extrinsics included in finalized blocks");
        var blocks = metrics.GetCounter("veil_blocks_total", "Blocks sealed or imported since start");
        var throughput = new ThroughputMeter(TimeSpan.FromSeconds(10));
        metrics.AddCallbackGauge("veil_block_height", "Number of the finalized head", () => chain.Head.Number);
        metrics.AddCallbackGauge("veil_pool_size", "Transactions waiting in the pool", () => chain.Pool.Count);
        metrics.AddCallbackGauge("veil_transactions_per_second", "Finalized extrinsics per second over the last 10 s", throughput.PerSecond);
        chain.BlockFinalized += block =>
        {
            blocks.Inc();
            transactions.Inc(block.TransactionHashes.Count);
            throughput.Add(block.TransactionHashes.Count);
        };
    }
}
