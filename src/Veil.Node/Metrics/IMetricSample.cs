namespace Veil.Node.Metrics;

/// <summary>One line of a metric family: its rendered label set and its current value.</summary>
internal interface IMetricSample
{
    /// <summary>"" or a rendered label set such as <c>{method="chain_getHeader"}</c>.</summary>
    string Labels { get; }

    void WriteValue(TextWriter output);
}
