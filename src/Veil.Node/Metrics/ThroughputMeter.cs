using System.Diagnostics;

namespace Veil.Node.Metrics;

/// <summary>Events per second over a sliding window, for a rate gauge.</summary>
public sealed class ThroughputMeter
{
    private readonly object _lock = new();
    private readonly Queue<(long Timestamp, long Count)> _samples = new();
    private readonly TimeSpan _window;
    private long _sum;

    public ThroughputMeter(TimeSpan window) => _window = window;

    public void Add(long count)
    {
        lock (_lock)
        {
            _samples.Enqueue((Stopwatch.GetTimestamp(), count));
            _sum += count;
            Trim();
        }
    }

    public double PerSecond()
    {
        lock (_lock)
        {
            Trim();
            return _sum / _window.TotalSeconds;
        }
    }

    private void Trim()
    {
        var now = Stopwatch.GetTimestamp();
        while (_samples.Count > 0 && Stopwatch.GetElapsedTime(_samples.Peek().Timestamp, now) > _window)
        {
            _sum -= _samples.Dequeue().Count;
        }
    }
}
