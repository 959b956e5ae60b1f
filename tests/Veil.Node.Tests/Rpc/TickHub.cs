using Veil.Node.Rpc;

namespace Veil.Node.Tests.Rpc;

/// <summary>Stands in for the chain's event source: tests broadcast to every live tick subscription.</summary>
internal sealed class TickHub
{
    private readonly Lock _lock = new();
    private readonly List<ISubscriptionSink> _sinks = [];

    public int Count
    {
        get
        {
            lock (_lock) return _sinks.Count;
        }
    }

    public void Add(ISubscriptionSink sink, CancellationToken ended)
    {
        lock (_lock) _sinks.Add(sink);
        ended.Register(() =>
        {
            lock (_lock) _sinks.Remove(sink);
        });
    }

    /// <summary>Returns how many sinks accepted the notification.</summary>
    public int Broadcast(RpcResult result)
    {
        ISubscriptionSink[] sinks;
        lock (_lock) sinks = [.. _sinks];
        var accepted = 0;
        foreach (var sink in sinks)
        {
            if (sink.TryNotify(result)) accepted++;
        }

        return accepted;
    }

    /// <summary>Waits until <paramref name="count"/> subscriptions are live (they register before the subscribe answer).</summary>
    public async Task WaitForCountAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Count != count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {count} live tick subscriptions, have {Count}.");
            await Task.Delay(10);
        }
    }
}
