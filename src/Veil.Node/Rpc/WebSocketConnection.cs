using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Veil.Node.Rpc;

/// <summary>
/// One JSON-RPC WebSocket client. A receive loop parses messages and processes up to
/// <see cref="RpcServerOptions.MaxConcurrentMessagesPerConnection"/> at once; a single send loop drains a
/// byte-bounded queue shared by responses and notifications. A client that stops reading fills the queue
/// and is dropped, so it costs the node at most <see cref="RpcServerOptions.MaxSendQueueBytes"/>.
/// </summary>
internal sealed partial class WebSocketConnection : IDisposable
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // How long a closing handshake may take before the socket is simply aborted.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private static long _nextId;

    private readonly WebSocket _socket;
    private readonly RpcDispatcher _dispatcher;
    private readonly RpcServerOptions _options;
    private readonly RpcTransportMetrics _metrics;
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _inflight;
    private readonly Channel<PooledBufferWriter> _outbox = Channel.CreateUnbounded<PooledBufferWriter>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SubscriptionSink> _subscriptions = new(StringComparer.Ordinal);
    private long _queuedBytes;
    private int _dropped;
    private bool _closed;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string? _closeDescription;

    public WebSocketConnection(WebSocket socket, RpcDispatcher dispatcher, RpcServerOptions options, RpcTransportMetrics metrics, ILogger logger)
    {
        _socket = socket;
        _dispatcher = dispatcher;
        _options = options;
        _metrics = metrics;
        Logger = logger;
        _inflight = new SemaphoreSlim(options.MaxConcurrentMessagesPerConnection);
        Id = Interlocked.Increment(ref _nextId);
    }

    public long Id { get; }

    public ILogger Logger { get; }

    /// <summary>Serves the connection until the client closes it, it is dropped, or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken requestAborted, CancellationToken stopping)
    {
        using var aborted = requestAborted.Register(static s => ((WebSocketConnection)s!).Abort(), this);
        using var stopped = stopping.Register(static s => ((WebSocketConnection)s!).BeginClose(WebSocketCloseStatus.EndpointUnavailable, "server stopping"), this);
        var sender = Task.Run(SendLoopAsync, CancellationToken.None);
        try
        {
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The client vanished or was dropped; nothing to answer.
        }
        finally
        {
            EndAllSubscriptions();
            _outbox.Writer.TryComplete();
            SafeCancelAfter(CloseTimeout);
            await sender.ConfigureAwait(false);
            Abort();
            while (_outbox.Reader.TryRead(out var left)) left.Dispose();
        }
    }

    /// <summary>Queues a complete message; false (and the message disposed) when the connection is closing or over its limit.</summary>
    public bool TryEnqueue(PooledBufferWriter message)
    {
        var size = message.WrittenCount;
        if (Interlocked.Add(ref _queuedBytes, size) > _options.MaxSendQueueBytes)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            message.Dispose();
            Drop($"more than {_options.MaxSendQueueBytes} bytes queued for a client that is not reading");
            return false;
        }

        if (_outbox.Writer.TryWrite(message)) return true;
        Interlocked.Add(ref _queuedBytes, -size);
        message.Dispose();
        return false;
    }

    public async ValueTask<RpcResult> SubscribeAsync(RpcSubscription subscription, RpcParams parameters, RpcMessageScope scope)
    {
        SubscriptionSink sink;
        lock (_lock)
        {
            if (_closed) throw new RpcException(RpcErrorCodes.InternalError, "Connection is closing");
            if (_subscriptions.Count >= _options.MaxSubscriptionsPerConnection)
            {
                throw new RpcException(
                    RpcErrorCodes.TooManySubscriptions,
                    $"Too many subscriptions: this connection already holds {_options.MaxSubscriptionsPerConnection}");
            }

            // Ids need only be unique per connection: another connection cannot unsubscribe them.
            string id;
            do id = RandomNumberGenerator.GetString(IdAlphabet, 16);
            while (_subscriptions.ContainsKey(id));
            sink = new SubscriptionSink(id, subscription, this);
            _subscriptions.Add(id, sink);
        }

        _metrics.Subscriptions.Inc();
        try
        {
            await subscription.Start(parameters, sink, sink.EndedToken).ConfigureAwait(false);
        }
        catch
        {
            sink.Abandon();
            throw;
        }

        scope.Opened(sink);
        return sink.SubscriptionId;
    }

    /// <summary>True when the id named a live subscription of this kind on this connection.</summary>
    public bool Unsubscribe(string id, RpcSubscription subscription)
    {
        SubscriptionSink? sink;
        lock (_lock)
        {
            if (!_subscriptions.TryGetValue(id, out sink) || !ReferenceEquals(sink.Subscription, subscription)) return false;
            _subscriptions.Remove(id);
        }

        sink.End();
        return true;
    }

    public void Remove(SubscriptionSink sink)
    {
        lock (_lock)
        {
            if (_subscriptions.TryGetValue(sink.SubscriptionId, out var found) && ReferenceEquals(found, sink)) _subscriptions.Remove(sink.SubscriptionId);
        }
    }

    public void SubscriptionEnded() => _metrics.Subscriptions.Dec();

    public void Dispose()
    {
        _abort.Dispose();
        _inflight.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var token = _abort.Token;
        while (true)
        {
            var message = new PooledBufferWriter(4096);
            try
            {
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(message.GetMemory(4096), token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    message.Advance(result.Count);
                    if (message.WrittenCount > _options.MaxWebSocketMessageBytes)
                    {
                        _dispatcher.CountInvalid();
                        BeginClose(WebSocketCloseStatus.MessageTooBig, $"message exceeds {_options.MaxWebSocketMessageBytes} bytes");
                        return;
                    }
                }
                while (!result.EndOfMessage);

                _metrics.WebSocketMessages.Inc();
                await _inflight.WaitAsync(token).ConfigureAwait(false);
            }
            catch
            {
                message.Dispose();
                throw;
            }

            // Not awaited: later messages are read while this one runs. It owns and disposes the buffer.
            _ = ProcessAsync(message);
        }
    }

    private async Task ProcessAsync(PooledBufferWriter request)
    {
        var response = new PooledBufferWriter();
        var scope = new RpcMessageScope(this);
        try
        {
            bool respond;
            try
            {
                respond = await _dispatcher.ProcessAsync(request.WrittenMemory, response, scope, _abort.Token).ConfigureAwait(false);
            }
            finally
            {
                request.Dispose();
            }

            var delivered = false;
            if (respond)
            {
                delivered = TryEnqueue(response);
                response = null;
            }

            scope.Finish(delivered && !scope.ResponseReplaced);
        }
        catch (Exception ex)
        {
            LogProcessingFailed(Logger, Id, ex);
            scope.Finish(responseDelivered: false);
        }
        finally
        {
            response?.Dispose();
            try
            {
                _inflight.Release();
            }
            catch (ObjectDisposedException)
            {
                // The connection finished while this message was still running.
            }
        }
    }

    private async Task SendLoopAsync()
    {
        using var send = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        try
        {
            var reader = _outbox.Reader;
            while (await reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                {
                    try
                    {
                        send.CancelAfter(_options.SendTimeout);
                        await _socket.SendAsync(message.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, send.Token).ConfigureAwait(false);
                        send.TryReset();
                    }
                    finally
                    {
                        Interlocked.Add(ref _queuedBytes, -message.WrittenCount);
                        message.Dispose();
                    }
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                send.CancelAfter(CloseTimeout);
                await _socket.CloseOutputAsync(_closeStatus, _closeDescription, send.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            Drop($"a send took longer than {_options.SendTimeout.TotalSeconds:0}s");
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The socket is gone; the receive loop sees the same and cleans up.
            Abort();
        }
    }

    /// <summary>Sends what is queued, then a close frame; the client's close reply ends the receive loop.</summary>
    private void BeginClose(WebSocketCloseStatus status, string description)
    {
        lock (_lock)
        {
            if (_closed) return;
            _closed = true;
            _closeStatus = status;
            _closeDescription = description;
        }

        _outbox.Writer.TryComplete();
        SafeCancelAfter(CloseTimeout);
    }

    private void Drop(string reason)
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0) return;
        _metrics.DroppedConnections.Inc();
        LogDropped(Logger, Id, reason);
        Abort();
    }

    private void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private void SafeCancelAfter(TimeSpan delay)
    {
        try
        {
            _abort.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private void EndAllSubscriptions()
    {
        SubscriptionSink[] sinks;
        lock (_lock)
        {
            _closed = true;
            sinks = [.. _subscriptions.Values];
            _subscriptions.Clear();
        }

        foreach (var sink in sinks) sink.End();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping RPC WebSocket connection {Connection}: {Reason}")]
    private static partial void LogDropped(ILogger logger, long connection, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "RPC WebSocket connection {Connection}: processing a message failed")]
    private static partial void LogProcessingFailed(ILogger logger, long connection, Exception exception);
}
