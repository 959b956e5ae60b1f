using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Veil.Node.Metrics;

namespace Veil.Node.Rpc;

/// <summary>
/// The node's JSON-RPC 2.0 server: HTTP POST and WebSocket on the same path and port (as Substrate serves
/// ws://127.0.0.1:9944), plus GET /metrics, on one Kestrel host. Start it with <see cref="StartAsync"/>.
/// </summary>
public sealed partial class RpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RpcDispatcher _dispatcher;
    private readonly RpcServerOptions _options;
    private readonly MetricsRegistry _metricsRegistry;
    private readonly RpcTransportMetrics _metrics;
    private readonly ILogger _logger;
    private int _webSockets;
    private int _stopped;

    private RpcServer(WebApplication app, RpcDispatcher dispatcher, RpcServerOptions options, MetricsRegistry metrics, ILogger logger)
    {
        _app = app;
        _dispatcher = dispatcher;
        _options = options;
        _metricsRegistry = metrics;
        _metrics = new RpcTransportMetrics(metrics);
        _logger = logger;
    }

    /// <summary>The port actually listened on (useful when <see cref="RpcServerOptions.Port"/> is 0).</summary>
    public int BoundPort { get; private set; }

    /// <summary>http://address:port/</summary>
    public Uri HttpUri => new UriBuilder(Uri.UriSchemeHttp, _options.Address.ToString(), BoundPort).Uri;

    /// <summary>ws://address:port/</summary>
    public Uri WebSocketUri => new UriBuilder(Uri.UriSchemeWs, _options.Address.ToString(), BoundPort).Uri;

    public RpcDispatcher Dispatcher => _dispatcher;

    /// <summary>
    /// Builds the method table (throwing <see cref="ArgumentException"/> on duplicate names) and starts
    /// listening. <c>rpc_methods</c> is added unless a method of that name is given.
    /// </summary>
    public static async Task<RpcServer> StartAsync(
        RpcServerOptions options,
        IEnumerable<RpcMethod> methods,
        IEnumerable<RpcSubscription> subscriptions,
        MetricsRegistry metrics,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBodyBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxWebSocketMessageBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxConcurrentMessagesPerConnection);
        logger ??= NullLogger.Instance;
        var dispatcher = new RpcDispatcher(methods, subscriptions, options, metrics, logger);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        });
        builder.Services.AddRouting();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Logging.SetMinimumLevel(options.FrameworkLogLevel);
        if (logger != NullLogger.Instance) builder.Logging.AddProvider(new ForwardingLoggerProvider(logger));
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var server = new RpcServer(app, dispatcher, options, metrics, logger);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.WebSocketKeepAlive });
        app.Map("/", server.HandleRootAsync);
        app.MapGet("/metrics", server.HandleMetricsAsync);
        options.ConfigureEndpoints?.Invoke(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // E.g. the port is taken: release what the host holds before reporting it.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.BoundPort = new Uri(addresses.First()).Port;
        LogListening(logger, server.HttpUri);
        return server;
    }

    /// <summary>Stops listening, closes WebSockets with status 1001 and ends their subscriptions.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "JSON-RPC listening on {Uri} (HTTP and WebSocket)")]
    private static partial void LogListening(ILogger logger, Uri uri);
}
