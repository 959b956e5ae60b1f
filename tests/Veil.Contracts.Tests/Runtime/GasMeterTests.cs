using Veil.Contracts.Runtime;

namespace Veil.Contracts.Tests.Runtime;

public class GasMeterTests
{
    [Fact]
    public void TryCharge_AddsToUsed_WhenAmountFits()
    {
        var gas = new GasMeter(100);

        Assert.True(gas.TryCharge(60));
        Assert.True(gas.TryCharge(40));

        Assert.Equal(100ul, gas.Used);
        Assert.Equal(0ul, gas.Remaining);
        Assert.False(gas.IsExhausted);
    }

    [Fact]
    public void TryCharge_ExhaustsTheWholeBudget_WhenAmountDoesNotFit()
    {
        var gas = new GasMeter(100);
        Assert.True(gas.TryCharge(10));

        Assert.False(gas.TryCharge(91));

        Assert.True(gas.IsExhausted);
        Assert.Equal(100ul, gas.Used);
    }

    [Fact]
    public void TryCharge_KeepsFailing_WhenMeterIsExhausted()
    {
        var gas = new GasMeter(100);
        Assert.False(gas.TryCharge(101));

        Assert.False(gas.TryCharge(0));
    }

    [Fact]
    public void TryCharge_DoesNotOverflow_WhenAmountIsHuge()
    {
        var gas = new GasMeter(ulong.MaxValue);
        Assert.True(gas.TryCharge(ulong.MaxValue - 1));

        Assert.False(gas.TryCharge(ulong.MaxValue));
        Assert.Equal(ulong.MaxValue, gas.Used);
    }
}
