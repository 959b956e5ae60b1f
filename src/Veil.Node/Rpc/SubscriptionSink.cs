using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Veil.Node.Rpc;

/// <summary>
/// One live subscription on one connection. Notifications pushed before the subscribe call's response is
/// queued are held back, then flushed in order when it is (see <see cref="RpcMessageScope"/>).
/// </summary>
internal sealed partial class SubscriptionSink : ISubscriptionSink, IDisposable
{
    // Enough for a burst while the subscribe response is being written; beyond it the chain is told "not delivered".
    private const int MaxHeldNotifications = 1024;

    private const int Pending = 0;
    private const int Active = 1;
    private const int Ended = 2;

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _ended = new();
    private readonly WebSocketConnection _connection;
    private readonly JsonEncodedText _notificationMethod;
    private readonly JsonEncodedText _id;
    private readonly CancellationToken _endedToken;
    private List<PooledBufferWriter>? _held = [];
    private int _state;

    // Complete() called before the subscribe answer went out: deliver what is held, then end.
    private volatile bool _completeRequested;

    public SubscriptionSink(string id, RpcSubscription subscription, WebSocketConnection connection)
    {
        SubscriptionId = id;
        Subscription = subscription;
        _connection = connection;
        _id = JsonEncodedText.Encode(id);
        _notificationMethod = JsonEncodedText.Encode(subscription.NotificationMethod);

        // Read once: the source is disposed when the subscription ends, and a disposed source's Token throws.
        _endedToken = _ended.Token;
    }

    public string SubscriptionId { get; }

    public RpcSubscription Subscription { get; }

    public bool IsEnded => _completeRequested || Volatile.Read(ref _state) == Ended;

    /// <summary>Fires once when the subscription ends, whatever the reason.</summary>
    public CancellationToken EndedToken => _endedToken;

    public bool TryNotify(RpcResult result)
    {
        if (IsEnded) return false;
        var message = new PooledBufferWriter(512);
        try
        {
            using var writer = new Utf8JsonWriter(message);
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WriteString("method"u8, _notificationMethod);
            writer.WriteStartObject("params"u8);
            writer.WriteString("subscription"u8, _id);
            writer.WritePropertyName("result"u8);
            result.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        catch
        {
            message.Dispose();
            throw;
        }

        lock (_lock)
        {
            switch (_state)
            {
                case Pending when !_completeRequested && _held!.Count < MaxHeldNotifications:
                    _held.Add(message);
                    return true;
                case Active:
                    return _connection.TryEnqueue(message);
                default:
                    message.Dispose();
                    return false;
            }
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            if (_state == Pending)
            {
                _completeRequested = true;
                return;
            }
        }

        Abandon();
    }

    /// <summary>Ends the subscription at once, dropping anything held back.</summary>
    public void Abandon()
    {
        _connection.Remove(this);
        End();
    }

    /// <summary>Starts delivery: flushes held notifications behind the subscribe response.</summary>
    public void Activate()
    {
        lock (_lock)
        {
            if (_state != Pending) return;
            _state = Active;
            var delivering = true;
            foreach (var message in _held!)
            {
                // TryEnqueue disposes what it refuses; once one is refused the connection is being dropped.
                if (delivering) delivering = _connection.TryEnqueue(message);
                else message.Dispose();
            }

            _held = null;
        }

        if (_completeRequested) Abandon();
    }

    /// <summary>Ends delivery and tells the chain-side code, through the ended token, to unhook.</summary>
    public void End()
    {
        lock (_lock)
        {
            if (_state == Ended) return;
            _state = Ended;
            if (_held is not null)
            {
                foreach (var message in _held) message.Dispose();
                _held = null;
            }
        }

        _connection.SubscriptionEnded();
        try
        {
            _ended.Cancel();
        }
        catch (AggregateException ex)
        {
            // A faulty unhook callback must not stop the others or the connection's cleanup.
            LogUnhookFailed(_connection.Logger, Subscription.SubscribeMethod, ex);
        }

        // Safe once cancelled: registering on the token afterwards runs the callback at once.
        _ended.Dispose();
    }

    public void Dispose() => End();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending a {Method} subscription: an unhook callback failed")]
    private static partial void LogUnhookFailed(ILogger logger, string method, Exception exception);
}
