using Veil.Contracts.Runtime;
using Veil.Wasm.Tests.Contracts;

namespace Veil.Wasm.Tests;

public class CounterTests
{
    [Fact]
    public void Get_ReturnsTheConstructorValue_AsInkResult()
    {
        var counter = new WasmHarness(CounterContract.Wat, CounterContract.Construct(41));

        Assert.Equal(new byte[] { 0x00, 41, 0, 0, 0 }, counter.Output(CounterContract.Get));
    }

    [Fact]
    public void Inc_AddsToTheStoredValue_AndQueriesSeeIt()
    {
        var counter = new WasmHarness(CounterContract.Wat, CounterContract.Construct(1));

        Assert.Equal(new byte[] { 0x00 }, counter.Output(CounterContract.Increment(5)));
        Assert.Equal(new byte[] { 0x00 }, counter.Output(CounterContract.Increment(10)));

        var query = counter.Query(CounterContract.Get);
        Assert.True(query.IsSuccess, query.Error?.ToString());
        Assert.Equal(new byte[] { 0x00, 16, 0, 0, 0 }, query.Answer);
    }

    [Fact]
    public void Call_RevertsWithLangError_WhenTheSelectorIsUnknown()
    {
        var counter = new WasmHarness(CounterContract.Wat, CounterContract.Construct(1));
        var before = counter.StateHash;

        var outcome = counter.Call([0xDE, 0xAD, 0xBE, 0xEF]);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ContractErrorKind.Malformed, outcome.Error!.Value.Kind);
        Assert.Equal("reverted: 0x0101", outcome.Error.Value.Message);
        Assert.Equal(before, counter.StateHash);
    }

    [Fact]
    public void Inc_TrapsAndKeepsTheValue_WhenItWouldOverflow()
    {
        var counter = new WasmHarness(CounterContract.Wat, CounterContract.Construct(uint.MaxValue - 1));

        var outcome = counter.Call(CounterContract.Increment(2));

        Assert.Equal("trapped: unreachable executed (the contract panicked)", outcome.Error!.Value.Message);
        Assert.Equal(new byte[] { 0x00, 0xFE, 0xFF, 0xFF, 0xFF }, counter.Output(CounterContract.Get));
    }

    [Fact]
    public void Deploy_IsRefused_WhenTheContractIsAlreadyDeployed()
    {
        var counter = new WasmHarness(CounterContract.Wat, CounterContract.Construct(1));

        var again = counter.Deploy(CounterContract.Construct(99));

        Assert.Equal(ContractErrorKind.UnknownCommand, again.Error!.Value.Kind);
        Assert.Equal("the contract is already deployed", again.Error.Value.Message);
        Assert.Equal(new byte[] { 0x00, 1, 0, 0, 0 }, counter.Output(CounterContract.Get));
    }

    [Fact]
    public void Call_IsRefused_BeforeDeploy_AndAFailedDeployLeavesItUndeployed()
    {
        var counter = new WasmHarness(CounterContract.Wat);

        Assert.Equal("the contract is not deployed yet", counter.Call(CounterContract.Get).Error!.Value.Message);
        Assert.Equal("reverted: 0x0101", counter.Deploy([1, 2, 3]).Error!.Value.Message);
        Assert.Equal(0, counter.Instance.State.Count);
        Assert.True(counter.Deploy(CounterContract.Construct(7)).IsSuccess);
        Assert.Equal(new byte[] { 0x00, 7, 0, 0, 0 }, counter.Output(CounterContract.Get));
    }

    [Fact]
    public void Query_CannotChangeState()
    {
        var counter = new WasmHarness(CounterContract.Wat, CounterContract.Construct(1));
        var before = counter.StateHash;

        var query = counter.Query(CounterContract.Increment(1));

        Assert.False(query.IsSuccess);
        Assert.Equal("trapped: seal2.set_storage changes state and is not allowed in a query", query.Error!.Value.Message);
        Assert.Equal(before, counter.StateHash);
    }
}
