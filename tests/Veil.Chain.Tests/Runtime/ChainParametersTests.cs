using Veil.Chain.Runtime;

namespace Veil.Chain.Tests.Runtime;

public class ChainParametersTests
{
    [Fact]
    public void FeeFor_IsBasePlusBytesPlusTip_WhenValuesAreSmall()
    {
        var parameters = new ChainParameters();

        Assert.Equal(parameters.BaseFee + (parameters.ByteFee * 145) + 7, parameters.FeeFor(145, 7));
        Assert.Equal((UInt128)1_000_000_000 + 145_000_000, parameters.FeeFor(145, 0));
    }

    [Theory]
    [InlineData(0, 0, true)] // tip overflows
    [InlineData(1, 0, false)] // byte fee × length overflows
    [InlineData(0, 1, false)] // base fee + bytes overflows
    public void FeeFor_SaturatesInsteadOfThrowing_WhenTheSumExceedsU128(int hugeByteFee, int hugeBaseFee, bool hugeTip)
    {
        // Regression: checked arithmetic threw OverflowException for a u128::MAX tip taken from a transaction.
        var parameters = new ChainParameters
        {
            ByteFee = hugeByteFee == 1 ? UInt128.MaxValue / 2 : 1_000_000,
            BaseFee = hugeBaseFee == 1 ? UInt128.MaxValue - 10 : 1_000_000_000,
        };

        Assert.Equal(UInt128.MaxValue, parameters.FeeFor(145, hugeTip ? UInt128.MaxValue : 0));
    }
}
