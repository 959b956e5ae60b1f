namespace Veil.Node.Metrics;

/// <summary>A value that goes up and down (Prometheus "gauge"). Thread-safe without locks.</summary>
public sealed class Gauge : IMetricSample
{
    // The double's bits, so that Interlocked can update it atomically.
    private long _bits;

    internal Gauge(string labels) => Labels = labels;

    public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits));

    string IMetricSample.Labels => Labels;

    private string Labels { get; }

    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    public void Inc(double amount = 1) => Add(amount);

    public void Dec(double amount = 1) => Add(-amount);

    void IMetricSample.WriteValue(TextWriter output) => MetricsRegistry.WriteDouble(output, Value);

    private void Add(double amount)
    {
        while (true)
        {
            var seen = Interlocked.Read(ref _bits);
            var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + amount);
            if (Interlocked.CompareExchange(ref _bits, next, seen) == seen) return;
        }
    }
}
