namespace Veil.Node.Rpc;

/// <summary>
/// One WebSocket message being processed: the connection it came from and the subscriptions it opened,
/// which go live only after the message's response is queued, so a client always sees the subscription id
/// before the first notification carrying it.
/// </summary>
internal sealed class RpcMessageScope(WebSocketConnection connection)
{
    private readonly Lock _lock = new();
    private List<SubscriptionSink>? _opened;

    public WebSocketConnection Connection { get; } = connection;

    /// <summary>Set when the response was too big and an error went out instead, so new subscriptions must not start.</summary>
    public bool ResponseReplaced { get; set; }

    public void Opened(SubscriptionSink sink)
    {
        lock (_lock) (_opened ??= []).Add(sink);
    }

    /// <summary>Starts delivery when the response went out, or ends the subscriptions when it was replaced by an error.</summary>
    public void Finish(bool responseDelivered)
    {
        List<SubscriptionSink>? opened;
        lock (_lock)
        {
            opened = _opened;
            _opened = null;
        }

        if (opened is null) return;
        foreach (var sink in opened)
        {
            if (responseDelivered) sink.Activate();
            else sink.Abandon();
        }
    }
}
