namespace Veil.Node.Rpc;

/// <summary>Where the chain pushes one subscription's notifications. Safe to call from any thread.</summary>
public interface ISubscriptionSink
{
    /// <summary>The id the client got from the subscribe call.</summary>
    string SubscriptionId { get; }

    /// <summary>True once the subscription has ended; further notifications are dropped.</summary>
    bool IsEnded { get; }

    /// <summary>
    /// Queues <c>{"jsonrpc":"2.0","method":…,"params":{"subscription":id,"result":result}}</c>. Returns false
    /// when the subscription has ended or the client was dropped for not reading; never blocks.
    /// </summary>
    bool TryNotify(RpcResult result);

    /// <summary>Ends the subscription from the server side (e.g. after "finalized"); notifications already queued are still sent.</summary>
    void Complete();
}
