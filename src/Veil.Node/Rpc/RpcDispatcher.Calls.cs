using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Veil.Node.Rpc;

public sealed partial class RpcDispatcher
{
    /// <summary>Validates one request object and invokes its handler; the result may still be pending.</summary>
    private RpcCall Start(JsonElement request, RpcMessageScope? scope, CancellationToken cancellationToken)
    {
        var call = new RpcCall { Respond = true };
        if (request.ValueKind != JsonValueKind.Object) return Refuse(ref call, RpcErrorCodes.InvalidRequest, "Invalid request: expected a JSON object");

        // JSON-RPC 2.0 §4: a request without "id" is a notification; an invalid one is still answered, with a null id.
        var hasId = request.TryGetProperty("id"u8, out var id);
        if (hasId)
        {
            if (id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            {
                return Refuse(ref call, RpcErrorCodes.InvalidRequest, "Invalid request: 'id' must be a string, a number or null");
            }

            call.Id = id;
        }

        if (!request.TryGetProperty("jsonrpc"u8, out var version) || version.ValueKind != JsonValueKind.String || !version.ValueEquals("2.0"u8))
        {
            return Refuse(ref call, RpcErrorCodes.InvalidRequest, "Invalid request: 'jsonrpc' must be \"2.0\"");
        }

        if (!request.TryGetProperty("method"u8, out var method) || method.ValueKind != JsonValueKind.String)
        {
            return Refuse(ref call, RpcErrorCodes.InvalidRequest, "Invalid request: 'method' must be a string");
        }

        var parameters = RpcParams.Empty;
        if (request.TryGetProperty("params"u8, out var rawParams))
        {
            if (rawParams.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object or JsonValueKind.Null))
            {
                return Refuse(ref call, RpcErrorCodes.InvalidParams, "Invalid params: 'params' must be an array or an object");
            }

            parameters = new RpcParams(rawParams);
        }

        call.Respond = hasId;
        var entry = Lookup(method, out var longName);
        if (entry is null)
        {
            var name = longName ?? method.GetString() ?? string.Empty;
            return Refuse(ref call, RpcErrorCodes.MethodNotFound, $"Method not found: '{Truncate(name, 100)}'");
        }

        call.Entry = entry;
        entry.Calls.Inc();
        try
        {
            if (entry.Handler is not null)
            {
                call.Pending = entry.Handler(parameters, cancellationToken);
            }
            else if (scope is null)
            {
                call.Error = new RpcError(
                    RpcErrorCodes.MethodNotFound,
                    $"Method '{entry.Name}' is a subscription and needs a WebSocket connection (ws://), not HTTP");
                entry.Errors.Inc();
                return call;
            }
            else if (entry.IsUnsubscribe)
            {
                parameters.ExpectAtMost(1);
                var subscriptionId = parameters.GetString(0, "subscription");
                call.Pending = ValueTask.FromResult<RpcResult>(scope.Connection.Unsubscribe(subscriptionId, entry.Subscription!));
            }
            else
            {
                call.Pending = scope.Connection.SubscribeAsync(entry.Subscription!, parameters, scope);
            }

            call.HasPending = true;
        }
        catch (Exception ex)
        {
            call.Error = ToError(ex, entry.Name, cancellationToken);
            entry.Errors.Inc();
        }

        return call;
    }

    private async ValueTask<RpcCall> CompleteAsync(RpcCall call, CancellationToken cancellationToken)
    {
        call.HasPending = false;
        try
        {
            call.Result = call.Pending.IsCompletedSuccessfully ? call.Pending.Result : await call.Pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            call.Error = ToError(ex, call.Entry!.Name, cancellationToken);
            call.Entry.Errors.Inc();
        }

        call.Pending = default;
        return call;
    }

    private RpcCall Refuse(ref RpcCall call, int code, string message)
    {
        _invalidRequests.Inc();
        call.Error = new RpcError(code, message);
        return call;
    }

    private RpcError ToError(Exception exception, string method, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case RpcException rpc:
                return new RpcError(rpc.Code, rpc.Message, rpc.ErrorData);
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                // The client is gone; this answer will not be sent anywhere.
                return new RpcError(RpcErrorCodes.InternalError, "Request cancelled");
            default:
                // The caller learns only that it failed: exception text can carry paths, keys or state.
                LogHandlerFailed(_logger, method, exception);
                return new RpcError(RpcErrorCodes.InternalError, "Internal error");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RPC method {Method} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RPC method {Method} wrote an invalid result")]
    private static partial void LogResultFailed(ILogger logger, string method, Exception exception);
}
