namespace Veil.Node.Metrics;

/// <summary>A gauge read at scrape time, for values that already live elsewhere (pool size, peer count).</summary>
internal sealed class CallbackGauge(string labels, Func<double> read) : IMetricSample
{
    public string Labels { get; } = labels;

    public void WriteValue(TextWriter output)
    {
        double value;
        try
        {
            value = read();
        }
        catch (Exception)
        {
            // A failing callback must not take the whole scrape down; NaN tells the reader it is unknown.
            value = double.NaN;
        }

        MetricsRegistry.WriteDouble(output, value);
    }
}
