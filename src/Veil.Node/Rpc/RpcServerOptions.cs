using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Veil.Node.Rpc;

/// <summary>Where the RPC server listens and the limits that keep one client from hurting the others.</summary>
public sealed class RpcServerOptions
{
    /// <summary>Substrate's default RPC port.</summary>
    public const int DefaultPort = 9944;

    /// <summary>Loopback by default: the node's RPC can submit transactions and is not meant for the open internet.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; read the one chosen from <see cref="RpcServer.BoundPort"/>.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Largest HTTP request body; larger ones get HTTP 413 with error −32007.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest WebSocket message; a larger one closes the connection with status 1009 (message too big).</summary>
    public int MaxWebSocketMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest response; a larger one is replaced by error −32008.</summary>
    public int MaxResponseBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Most requests in one batch; more gets error −32010.</summary>
    public int MaxBatchSize { get; init; } = 10_000;

    /// <summary>Deepest JSON nesting accepted; deeper input is a parse error (−32700) before any handler runs.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Open WebSocket connections beyond this are refused with HTTP 503.</summary>
    public int MaxWebSocketConnections { get; init; } = 1000;

    /// <summary>Subscriptions one connection may hold; more gets error −32006.</summary>
    public int MaxSubscriptionsPerConnection { get; init; } = 1024;

    /// <summary>Messages from one connection processed at once; further reads wait, which pushes back on the client through TCP.</summary>
    public int MaxConcurrentMessagesPerConnection { get; init; } = 16;

    /// <summary>
    /// Bytes of responses and notifications queued for one WebSocket client. A client that does not read
    /// fills this and is dropped (with a log line) rather than growing the node's memory without bound.
    /// </summary>
    public long MaxSendQueueBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>One WebSocket send taking longer than this drops the connection (a stalled reader).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval of WebSocket pings, which keep idle connections through NATs and proxies.</summary>
    public TimeSpan WebSocketKeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum level for ASP.NET Core's own log lines (Kestrel, hosting), forwarded to the server's logger.</summary>
    public LogLevel FrameworkLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Registers services for extra endpoints, before the host is built.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Maps extra endpoints on the same host and port (e.g. <c>app.MapGet("/health", …)</c>); "/" and "/metrics" are taken.</summary>
    public Action<WebApplication>? ConfigureEndpoints { get; init; }
}
