using Veil.Node.Metrics;

namespace Veil.Node.Tests.Metrics;

public sealed class MetricsRegistryTests
{
    [Fact]
    public void Render_WritesPrometheusText_SortedByName()
    {
        var registry = new MetricsRegistry();
        registry.GetGauge("veil_b", "A gauge.").Set(1.5);
        var counter = registry.GetCounter("veil_a_total", "A counter.", "method", "chain_getHeader");
        counter.Inc();
        counter.Inc(2);
        registry.AddCallbackGauge("veil_c", "Read at scrape.", () => 7);

        Assert.Equal(
            "# HELP veil_a_total A counter.\n# TYPE veil_a_total counter\nveil_a_total{method=\"chain_getHeader\"} 3\n"
            + "# HELP veil_b A gauge.\n# TYPE veil_b gauge\nveil_b 1.5\n"
            + "# HELP veil_c Read at scrape.\n# TYPE veil_c gauge\nveil_c 7\n",
            registry.Render());
    }

    [Fact]
    public void GetCounter_ReturnsSameInstance_WhenNameAndLabelRepeat()
    {
        var registry = new MetricsRegistry();

        var first = registry.GetCounter("veil_x_total", "X.", "k", "v");
        var second = registry.GetCounter("veil_x_total", "X.", "k", "v");

        Assert.Same(first, second);
    }

    [Fact]
    public void Render_EscapesLabelValuesAndHelp_WhenTheyHoldSpecialCharacters()
    {
        var registry = new MetricsRegistry();
        registry.GetCounter("veil_y_total", "Line one\nline \\ two.", "v", "a\"b\\c\nd").Inc();

        Assert.Equal(
            "# HELP veil_y_total Line one\\nline \\\\ two.\n# TYPE veil_y_total counter\nveil_y_total{v=\"a\\\"b\\\\c\\nd\"} 1\n",
            registry.Render());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("has space")]
    [InlineData("dash-ed")]
    public void GetCounter_Throws_WhenNameIsInvalid(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new MetricsRegistry().GetCounter(name, "help"));
    }

    [Fact]
    public void GetGauge_Throws_WhenNameIsAlreadyACounter()
    {
        var registry = new MetricsRegistry();
        registry.GetCounter("veil_z", "Z.");

        Assert.Throws<ArgumentException>(() => registry.GetGauge("veil_z", "Z."));
    }

    [Fact]
    public void Counter_Throws_WhenIncrementIsNegative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricsRegistry().GetCounter("veil_n_total", "N.").Inc(-1));
    }

    [Fact]
    public void Counter_CountsExactly_WhenIncrementedFromManyThreads()
    {
        var registry = new MetricsRegistry();
        var counter = registry.GetCounter("veil_p_total", "P.");
        var gauge = registry.GetGauge("veil_p", "P.");

        Parallel.For(0, 100_000, _ =>
        {
            counter.Inc();
            gauge.Inc();
        });

        Assert.Equal(100_000, counter.Value);
        Assert.Equal(100_000, gauge.Value);
    }

    [Fact]
    public void Render_WritesNaN_WhenCallbackThrows()
    {
        var registry = new MetricsRegistry();
        registry.AddCallbackGauge("veil_broken", "Broken.", () => throw new InvalidOperationException());

        Assert.EndsWith("veil_broken NaN\n", registry.Render(), StringComparison.Ordinal);
    }
}
