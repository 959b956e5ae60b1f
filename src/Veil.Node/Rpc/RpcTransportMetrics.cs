using Veil.Node.Metrics;

namespace Veil.Node.Rpc;

/// <summary>The transports' own metrics, looked up once per server.</summary>
internal sealed class RpcTransportMetrics(MetricsRegistry registry)
{
    public Counter HttpRequests { get; } = registry.GetCounter("veil_rpc_http_requests_total", "JSON-RPC HTTP requests received.");

    public Counter WebSocketMessages { get; } = registry.GetCounter("veil_rpc_ws_messages_total", "JSON-RPC WebSocket messages received.");

    public Gauge WebSocketConnections { get; } = registry.GetGauge("veil_rpc_ws_connections", "Open JSON-RPC WebSocket connections.");

    public Counter DroppedConnections { get; } = registry.GetCounter(
        "veil_rpc_ws_dropped_total", "WebSocket connections dropped for not reading their responses in time.");

    public Gauge Subscriptions { get; } = registry.GetGauge("veil_rpc_subscriptions", "Live JSON-RPC subscriptions across all connections.");
}
