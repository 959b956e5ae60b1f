using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace Veil.Sdk.Rpc;

/// <summary>
/// JSON-RPC 2.0 client over one WebSocket: concurrent calls matched by id, batches, and subscriptions
/// (Substrate-style notifications carrying a subscription id).
/// </summary>
public sealed class VeilRpcClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentDictionary<string, RpcSubscription> _subscriptions = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> _early = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task? _receiveLoop;
    private long _nextId;

    public static async Task<VeilRpcClient> ConnectAsync(string url, CancellationToken cancellationToken)
    {
        var client = new VeilRpcClient();
        var uri = new Uri(url.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? "ws" + url[4..] : url);
        client._socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        try
        {
            await client._socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            client._socket.Dispose();
            throw new RpcClientException(-1, $"cannot connect to the node at {uri}: {ex.Message} (is `veil dev` running?)");
        }

        client._receiveLoop = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    public async Task<JsonElement> CallAsync(string method, object?[] parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRequest(writer, id, method, parameters);
        }

        await SendAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        using var registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        return await completion.Task.ConfigureAwait(false);
    }

    /// <summary>Sends many calls of one method as a single JSON-RPC batch; results come back in order.</summary>
    public async Task<JsonElement[]> CallBatchAsync(string method, IReadOnlyList<object?[]> parameterSets, CancellationToken cancellationToken)
    {
        var completions = new Task<JsonElement>[parameterSets.Count];
        var buffer = new ArrayBufferWriter<byte>(parameterSets.Count * 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < parameterSets.Count; i++)
            {
                var id = Interlocked.Increment(ref _nextId);
                var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[id] = completion;
                completions[i] = completion.Task;
                WriteRequest(writer, id, method, parameterSets[i]);
            }

            writer.WriteEndArray();
        }

        await SendAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(completions).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RpcSubscription> SubscribeAsync(string method, object?[] parameters, string unsubscribeMethod, CancellationToken cancellationToken)
    {
        var result = await CallAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        var id = result.ValueKind == JsonValueKind.String ? result.GetString()! : result.GetRawText();
        var subscription = new RpcSubscription(this, id, unsubscribeMethod);
        _subscriptions[id] = subscription;

        // Notifications can overtake the subscribe response's processing here; replay them in order.
        if (_early.TryRemove(id, out var early))
        {
            while (early.TryDequeue(out var item)) subscription.Channel.Writer.TryWrite(item);
        }

        return subscription;
    }

    internal void Forget(string subscriptionId) => _subscriptions.TryRemove(subscriptionId, out _);

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Closing is best effort.
        }

        if (_receiveLoop is not null)
        {
            await Task.WhenAny(_receiveLoop, Task.Delay(2000)).ConfigureAwait(false);
        }

        _socket.Dispose();
        _closing.Dispose();
    }

    private static void WriteRequest(Utf8JsonWriter writer, long id, string method, object?[] parameters)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", method);
        writer.WriteStartArray("params");
        foreach (var p in parameters)
        {
            switch (p)
            {
                case null: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case int n: writer.WriteNumberValue(n); break;
                case long n: writer.WriteNumberValue(n); break;
                case uint n: writer.WriteNumberValue(n); break;
                case ulong n: writer.WriteNumberValue(n); break;
                case JsonElement e: e.WriteTo(writer); break;
                default: throw new ArgumentException($"unsupported RPC parameter type {p.GetType().Name}", nameof(parameters));
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            throw new RpcClientException(-1, $"connection to the node failed: {ex.Message}");
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(64 * 1024), _closing.Token).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in root.EnumerateArray()) Dispatch(item);
                }
                else
                {
                    Dispatch(root);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or JsonException)
        {
            // Fall through: fail everything still waiting.
        }

        foreach (var pending in _pending)
        {
            pending.Value.TrySetException(new RpcClientException(-1, "the connection to the node closed"));
        }

        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Channel.Writer.TryComplete();
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var id))
        {
            if (!_pending.TryRemove(id, out var completion)) return;
            if (message.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : -32603;
                var text = error.TryGetProperty("message", out var m) ? m.GetString() ?? "error" : "error";
                if (error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String)
                {
                    text = $"{text}: {data.GetString()}";
                }

                completion.TrySetException(new RpcClientException(code, text));
            }
            else
            {
                completion.TrySetResult(message.TryGetProperty("result", out var r) ? r.Clone() : default);
            }

            return;
        }

        if (message.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("subscription", out var sub))
        {
            var subId = sub.ValueKind == JsonValueKind.String ? sub.GetString()! : sub.GetRawText();
            var result = p.TryGetProperty("result", out var value) ? value.Clone() : default;
            if (_subscriptions.TryGetValue(subId, out var subscription))
            {
                subscription.Channel.Writer.TryWrite(result);
            }
            else
            {
                _early.GetOrAdd(subId, _ => new ConcurrentQueue<JsonElement>()).Enqueue(result);
            }
        }
    }
}
