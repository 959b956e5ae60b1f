namespace Veil.Node.Metrics;

/// <summary>A monotonically increasing count (Prometheus "counter"). Thread-safe; one interlocked add per call.</summary>
public sealed class Counter : IMetricSample
{
    private long _value;

    internal Counter(string labels) => Labels = labels;

    public long Value => Interlocked.Read(ref _value);

    string IMetricSample.Labels => Labels;

    private string Labels { get; }

    public void Inc() => Interlocked.Increment(ref _value);

    public void Inc(long amount)
    {
        // A counter that goes down breaks Prometheus' rate(), which treats any drop as a process restart.
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Interlocked.Add(ref _value, amount);
    }

    void IMetricSample.WriteValue(TextWriter output) => output.Write(Value);
}
