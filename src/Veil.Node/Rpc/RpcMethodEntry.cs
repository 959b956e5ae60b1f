using Veil.Node.Metrics;

namespace Veil.Node.Rpc;

/// <summary>What a method name resolves to, with its metrics resolved once at startup so a call costs no lookups.</summary>
internal sealed class RpcMethodEntry(string name, Counter calls, Counter errors)
{
    public string Name { get; } = name;

    public RpcHandler? Handler { get; init; }

    /// <summary>Set for both the subscribe and the unsubscribe method of a subscription.</summary>
    public RpcSubscription? Subscription { get; init; }

    public bool IsUnsubscribe { get; init; }

    public Counter Calls { get; } = calls;

    public Counter Errors { get; } = errors;
}
