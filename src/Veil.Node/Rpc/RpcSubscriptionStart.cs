namespace Veil.Node.Rpc;

/// <summary>
/// Sets up one subscription: validate <paramref name="parameters"/> (throw <see cref="RpcException"/> to
/// refuse), hook the sink to the event source, and return. Do not loop here: the subscribe call is answered
/// only when this returns, and notifications pushed before that are held back until after the answer.
/// <paramref name="ended"/> fires when the subscription ends for any reason (unsubscribe, socket closed,
/// <see cref="ISubscriptionSink.Complete"/>): unhook there.
/// </summary>
public delegate ValueTask RpcSubscriptionStart(RpcParams parameters, ISubscriptionSink sink, CancellationToken ended);
