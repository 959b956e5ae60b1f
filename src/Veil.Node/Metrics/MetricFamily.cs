namespace Veil.Node.Metrics;

/// <summary>All samples sharing one metric name, help text and type.</summary>
internal sealed class MetricFamily(string name, string help, string type)
{
    public string Name { get; } = name;

    public string Help { get; } = help;

    public string Type { get; } = type;

    /// <summary>Keyed by rendered label set; insertion order is kept so scrapes are stable.</summary>
    public Dictionary<string, IMetricSample> Samples { get; } = new(StringComparer.Ordinal);

    public List<IMetricSample> Ordered { get; } = [];
}
