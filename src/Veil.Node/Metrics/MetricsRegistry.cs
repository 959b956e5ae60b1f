using System.Globalization;

namespace Veil.Node.Metrics;

/// <summary>
/// Counters and gauges rendered in Prometheus' text exposition format 0.0.4. Look a metric up once and keep
/// the returned object: updating it is one interlocked operation, while <c>Get…</c> takes a lock.
/// </summary>
public sealed class MetricsRegistry
{
    /// <summary>The Content-Type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    public Counter GetCounter(string name, string help) => GetOrAdd(name, help, "counter", string.Empty, static l => new Counter(l));

    public Counter GetCounter(string name, string help, string labelName, string labelValue)
        => GetOrAdd(name, help, "counter", RenderLabel(labelName, labelValue), static l => new Counter(l));

    public Gauge GetGauge(string name, string help) => GetOrAdd(name, help, "gauge", string.Empty, static l => new Gauge(l));

    public Gauge GetGauge(string name, string help, string labelName, string labelValue)
        => GetOrAdd(name, help, "gauge", RenderLabel(labelName, labelValue), static l => new Gauge(l));

    /// <summary>Registers a gauge whose value is read by <paramref name="read"/> at each scrape.</summary>
    public void AddCallbackGauge(string name, string help, Func<double> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        GetOrAdd<IMetricSample>(name, help, "gauge", string.Empty, _ => new CallbackGauge(string.Empty, read), replace: true);
    }

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_lock)
        {
            foreach (var family in _families.Values)
            {
                output.Write("# HELP ");
                output.Write(family.Name);
                output.Write(' ');
                WriteEscaped(output, family.Help, escapeQuote: false);
                output.Write("\n# TYPE ");
                output.Write(family.Name);
                output.Write(' ');
                output.Write(family.Type);
                output.Write('\n');
                foreach (var sample in family.Ordered)
                {
                    output.Write(family.Name);
                    output.Write(sample.Labels);
                    output.Write(' ');
                    sample.WriteValue(output);
                    output.Write('\n');
                }
            }
        }
    }

    public string Render()
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(text);
        return text.ToString();
    }

    internal static void WriteDouble(TextWriter output, double value)
    {
        if (double.IsNaN(value)) output.Write("NaN");
        else if (double.IsPositiveInfinity(value)) output.Write("+Inf");
        else if (double.IsNegativeInfinity(value)) output.Write("-Inf");
        else output.Write(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private T GetOrAdd<T>(string name, string help, string type, string labels, Func<string, T> create, bool replace = false)
        where T : IMetricSample
    {
        ValidateName(name, allowColon: true, nameof(name));
        ArgumentNullException.ThrowIfNull(help);
        lock (_lock)
        {
            if (!_families.TryGetValue(name, out var family))
            {
                family = new MetricFamily(name, help, type);
                _families.Add(name, family);
            }
            else if (family.Type != type)
            {
                throw new ArgumentException($"Metric '{name}' is already registered as a {family.Type}, not a {type}.", nameof(name));
            }

            if (family.Samples.TryGetValue(labels, out var existing))
            {
                if (!replace)
                {
                    return existing is T typed
                        ? typed
                        : throw new ArgumentException($"Metric '{name}{labels}' is registered with a different kind.", nameof(name));
                }

                family.Ordered.Remove(existing);
            }

            var created = create(labels);
            family.Samples[labels] = created;
            family.Ordered.Add(created);
            return created;
        }
    }

    private static string RenderLabel(string labelName, string labelValue)
    {
        ValidateName(labelName, allowColon: false, nameof(labelName));
        ArgumentNullException.ThrowIfNull(labelValue);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        text.Write('{');
        text.Write(labelName);
        text.Write("=\"");
        WriteEscaped(text, labelValue, escapeQuote: true);
        text.Write("\"}");
        return text.ToString();
    }

    // The format's grammar: names [a-zA-Z_:][a-zA-Z0-9_:]*, label names the same without ':'.
    private static void ValidateName(string name, bool allowColon, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, paramName);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok) throw new ArgumentException($"'{name}' is not a valid Prometheus name.", paramName);
        }
    }

    // Help text escapes backslash and newline; label values also escape the double quote.
    private static void WriteEscaped(TextWriter output, string text, bool escapeQuote)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': output.Write("\\\\"); break;
                case '\n': output.Write("\\n"); break;
                case '"' when escapeQuote: output.Write("\\\""); break;
                default: output.Write(c); break;
            }
        }
    }
}
