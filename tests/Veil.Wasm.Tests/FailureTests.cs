using Veil.Contracts.Runtime;
using Veil.Wasm.Tests.Contracts;
using static Veil.Wasm.Tests.Contracts.ProbeContract;

namespace Veil.Wasm.Tests;

/// <summary>Reverts, traps, runaway loops, memory and recursion: each is charged, rolled back, and the host carries on.</summary>
public class FailureTests
{
    private static WasmHarness Probe() => new(ProbeContract.Wat, []);

    [Theory]
    [InlineData(WriteThenRevert, ContractErrorKind.Malformed, "reverted: 0x6f6f7073")]
    [InlineData(WriteThenUnreachable, ContractErrorKind.Malformed, "trapped: unreachable executed (the contract panicked)")]
    [InlineData(WriteThenRecurse, ContractErrorKind.Malformed, "trapped: call stack exhausted (recursion too deep)")]
    [InlineData(WriteThenLoop, ContractErrorKind.OutOfGas, "out of gas")]
    public void FailedCall_RollsBackItsWrites_AndTheContractKeepsWorking(byte op, ContractErrorKind kind, string message)
    {
        var probe = Probe();
        probe.Output(WithKey(SetVariable2, "keep"u8, "1"u8));
        var before = probe.StateHash;
        var count = probe.Instance.State.Count;

        var outcome = probe.Call(Input(op, "written"u8));

        Assert.False(outcome.IsSuccess);
        Assert.Equal(kind, outcome.Error!.Value.Kind);
        Assert.Equal(message, outcome.Error.Value.Message);
        Assert.Empty(outcome.Receipt);
        Assert.Equal(before, probe.StateHash);
        Assert.Equal(count, probe.Instance.State.Count);
        Assert.Equal(uint.MaxValue, ReadU32(probe.Output(WithKey(ContainsVariable1, FailureKey))));
        Assert.Equal([0, 0, 0, 0, .. "1"u8], probe.Output(WithKey(GetVariable1, "keep"u8)));
    }

    [Fact]
    public void InfiniteLoop_SpendsTheWholeBudget()
    {
        var probe = Probe();

        var outcome = probe.Call(Input(WriteThenLoop, "x"u8), gasLimit: 5_000_000);

        Assert.Equal(5_000_000ul, outcome.GasUsed);
    }

    [Fact]
    public void OutOfGas_InsideAHostFunction_RollsBack()
    {
        var probe = Probe();
        var before = probe.StateHash;

        // Enough to start the call, not for the write's StateWrite price.
        var outcome = probe.Call(WithKey(SetVariable2, "k"u8, new byte[200]), gasLimit: 4_000);

        Assert.Equal(ContractErrorKind.OutOfGas, outcome.Error!.Value.Kind);
        Assert.Equal(4_000ul, outcome.GasUsed);
        Assert.Equal(before, probe.StateHash);
    }

    [Theory]
    [InlineData(100, uint.MaxValue)]
    [InlineData(16, uint.MaxValue)]
    [InlineData(15, 1u)]
    [InlineData(0, 1u)]
    public void MemoryGrow_IsRefusedBeyondTheBound(byte pages, uint result)
    {
        var probe = Probe();

        // memory.grow returns the old size in pages, or -1 when refused; the contract starts with 1 of 16 pages.
        Assert.Equal(result, ReadU32(probe.Output(Input(Grow, pages))));
    }

    [Fact]
    public void SealReturn_Traps_OnUnknownFlags()
    {
        var probe = Probe();

        Assert.Equal("trapped: seal_return: unknown flags 0x2", probe.Call(Input(BadReturnFlags)).Error!.Value.Message);
    }

    [Fact]
    public void HostFunction_Traps_OnOutOfBoundsPointers()
    {
        var probe = Probe();

        var outcome = probe.Call(Input(InputOutOfBounds));

        Assert.Equal("trapped: memory access out of bounds: 4 bytes at 4294967040, memory is 65536 bytes", outcome.Error!.Value.Message);
    }

    [Fact]
    public void UnknownSelector_Reverts_WithInkLangError()
    {
        var probe = Probe();

        Assert.Equal("reverted: 0x0101", probe.Call(Input(200)).Error!.Value.Message);
    }

    [Fact]
    public void MalformedInvocation_IsRefused()
    {
        var probe = Probe();

        var outcome = probe.Instance.Handle([1, 2, 3], Veil.Protocol.Messaging.Origin.Account(WasmHarness.Alice), 1);

        Assert.Equal(ContractErrorKind.Malformed, outcome.Error!.Value.Kind);
        Assert.StartsWith("not a WebAssembly invocation", outcome.Error.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_OutOfGas_IsReported()
    {
        var probe = Probe();

        var query = probe.Query(Input(Loop), gasLimit: 100_000);

        Assert.Equal(ContractErrorKind.OutOfGas, query.Error!.Value.Kind);
    }
}
