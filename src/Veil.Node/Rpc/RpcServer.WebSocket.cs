using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Veil.Node.Rpc;

public sealed partial class RpcServer
{
    private async Task HandleWebSocketAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _webSockets) > _options.MaxWebSocketConnections)
        {
            Interlocked.Decrement(ref _webSockets);
            _dispatcher.CountInvalid();
            using var error = new PooledBufferWriter(256);
            RpcDispatcher.WriteStandaloneError(error, RpcErrorCodes.ServerBusy, $"Too many WebSocket connections (limit {_options.MaxWebSocketConnections}); retry later");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = JsonContentType;
            await context.Response.Body.WriteAsync(error.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        try
        {
            // Compression stays off: it costs CPU per message and invites compression-oracle attacks.
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = _options.WebSocketKeepAlive,
                DangerousEnableCompression = false,
            }).ConfigureAwait(false);
            _metrics.WebSocketConnections.Inc();
            try
            {
                using var connection = new WebSocketConnection(socket, _dispatcher, _options, _metrics, _logger);
                await connection.RunAsync(context.RequestAborted, _app.Lifetime.ApplicationStopping).ConfigureAwait(false);
            }
            finally
            {
                _metrics.WebSocketConnections.Dec();
            }
        }
        catch (WebSocketException)
        {
            // The handshake failed; the client is gone.
        }
        finally
        {
            Interlocked.Decrement(ref _webSockets);
        }
    }
}
