using static Veil.Wasm.Examples.Tests.Accounts;

namespace Veil.Wasm.Examples.Tests;

public class CounterExampleTests
{
    private static ExampleContract Counter(uint initial) => new ExampleContract("counter").Deployed("new", new ScaleInput().U32(initial), Alice);

    [Fact]
    public void Get_AnswersTheConstructorValue_AsInkMessageResult()
    {
        var counter = Counter(41);

        Assert.Equal(new byte[] { 0x00, 41, 0, 0, 0 }, counter.Ask("get", null, Bob));
        Assert.Equal(new byte[] { 0x00, 41, 0, 0, 0 }, counter.Succeed("get", null, Bob).Output);
    }

    [Fact]
    public void Inc_AddsToTheValue_AndAnswersUnit()
    {
        var counter = Counter(1);

        Assert.Equal(new byte[] { 0x00 }, counter.Succeed("inc", new ScaleInput().U32(5), Alice).Output);
        counter.Succeed("inc", new ScaleInput().U32(10), Bob);

        Assert.Equal(new byte[] { 0x00, 16, 0, 0, 0 }, counter.Ask("get", null, Carol));
    }

    [Fact]
    public void Inc_TrapsAndRollsBack_WhenItWouldOverflow()
    {
        var counter = Counter(uint.MaxValue - 1);
        var before = counter.StateHash;

        var outcome = counter.Call("inc", new ScaleInput().U32(2), Alice);

        Assert.False(outcome.IsSuccess);
        Assert.StartsWith("trapped:", outcome.Error!.Value.Message, StringComparison.Ordinal);
        Assert.Equal(before, counter.StateHash);
    }

    [Theory]
    [InlineData(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [InlineData(new byte[] { 0x2F, 0x86 })]
    [InlineData(new byte[] { 0x1D, 0x32, 0x61, 0x9F, 1, 0, 0 })]
    [InlineData(new byte[] { 0x1D, 0x32, 0x61, 0x9F, 1, 0, 0, 0, 0xFF })]
    public void Call_RevertsWithCouldNotReadInput_WhenTheSelectorOrArgumentsDoNotDecode(byte[] input)
    {
        var counter = Counter(1);

        var outcome = counter.CallRaw(input, Alice);

        Assert.Equal("reverted: 0x0101", outcome.Error!.Value.Message);
    }

    [Fact]
    public void Inc_Panics_WhenValueIsSentToThisNonPayableMessage()
    {
        var counter = Counter(1);

        var outcome = counter.Call("inc", new ScaleInput().U32(1), Alice, value: 5);

        Assert.StartsWith("trapped:", outcome.Error!.Value.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x00, 1, 0, 0, 0 }, counter.Ask("get", null, Alice));
    }

    [Fact]
    public void Query_CannotChangeState()
    {
        var counter = Counter(1);
        var before = counter.StateHash;

        var result = counter.Query("inc", new ScaleInput().U32(1), Alice);

        Assert.False(result.IsSuccess);
        Assert.Equal("trapped: seal2.set_storage changes state and is not allowed in a query", result.Error!.Value.Message);
        Assert.Equal(before, counter.StateHash);
    }
}
