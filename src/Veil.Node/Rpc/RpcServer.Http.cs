using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Veil.Node.Metrics;

namespace Veil.Node.Rpc;

public sealed partial class RpcServer
{
    private const string JsonContentType = "application/json; charset=utf-8";

    private Task HandleRootAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest) return HandleWebSocketAsync(context);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return context.Response.WriteAsync("Send JSON-RPC 2.0 as an HTTP POST with Content-Type application/json, or open a WebSocket.\n", context.RequestAborted);
        }

        var contentType = context.Request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return context.Response.WriteAsync("Supported content type: application/json\n", context.RequestAborted);
        }

        return HandlePostAsync(context);
    }

    private async Task HandlePostAsync(HttpContext context)
    {
        try
        {
            await AnswerPostAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-request; there is no one to answer, and it is not a server fault.
        }
    }

    private async Task AnswerPostAsync(HttpContext context)
    {
        _metrics.HttpRequests.Inc();
        var cancellationToken = context.RequestAborted;
        var declared = context.Request.ContentLength;
        if (declared > _options.MaxBodyBytes)
        {
            await RefuseTooLargeAsync(context, declared.Value).ConfigureAwait(false);
            return;
        }

        using var body = new PooledBufferWriter((int)Math.Clamp(declared ?? 4096, 1, _options.MaxBodyBytes));
        try
        {
            while (true)
            {
                var read = await context.Request.Body.ReadAsync(body.GetMemory(8192), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                body.Advance(read);
                if (body.WrittenCount > _options.MaxBodyBytes)
                {
                    await RefuseTooLargeAsync(context, null).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit, hit by a chunked body with no declared length.
            await RefuseTooLargeAsync(context, null).ConfigureAwait(false);
            return;
        }

        using var response = new PooledBufferWriter();
        if (!await _dispatcher.ProcessAsync(body.WrittenMemory, response, scope: null, cancellationToken).ConfigureAwait(false))
        {
            // Only notifications: JSON-RPC sends nothing back.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = response.WrittenCount;
        await context.Response.Body.WriteAsync(response.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefuseTooLargeAsync(HttpContext context, long? declared)
    {
        _dispatcher.CountInvalid();
        var size = declared is { } length ? $"{length} bytes" : "the body";
        using var error = new PooledBufferWriter(256);
        RpcDispatcher.WriteStandaloneError(error, RpcErrorCodes.OversizedRequest, $"Request is too big: {size} exceeds the limit of {_options.MaxBodyBytes} bytes");
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;

        // Most HTTP clients fail with "broken pipe" instead of reading the answer when the server closes
        // while they are still sending, so a body up to twice the limit is read and discarded first (it
        // costs no more than an accepted request); anything larger, or of unknown size, gets the connection closed.
        if (!await TryDiscardBodyAsync(context, declared).ConfigureAwait(false)) context.Response.Headers.Connection = "close";
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = error.WrittenCount;
        await context.Response.Body.WriteAsync(error.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<bool> TryDiscardBodyAsync(HttpContext context, long? declared)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (declared is not { } length || length > 2L * _options.MaxBodyBytes || limit is null || limit.IsReadOnly) return false;
        limit.MaxRequestBodySize = length;
        using var scratch = new PooledBufferWriter(64 * 1024);
        var buffer = scratch.GetMemory(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false) > 0)
            {
            }

            return true;
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private async Task HandleMetricsAsync(HttpContext context)
    {
        var text = _metricsRegistry.Render();
        context.Response.ContentType = MetricsRegistry.ContentType;
        await context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }
}
