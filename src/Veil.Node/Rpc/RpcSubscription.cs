namespace Veil.Node.Rpc;

/// <summary>
/// A Substrate-style pub/sub triple, e.g. ("chain_subscribeNewHeads", "chain_unsubscribeNewHeads",
/// "chain_newHead", start). Available over WebSocket only.
/// </summary>
public sealed record RpcSubscription(string SubscribeMethod, string UnsubscribeMethod, string NotificationMethod, RpcSubscriptionStart Start);
