using Veil.Core;
using Veil.Wasm.Tests.Contracts;
using static Veil.Wasm.Tests.Contracts.ProbeContract;

namespace Veil.Wasm.Tests;

public class StorageTests
{
    private const uint Absent = uint.MaxValue; // pallet-contracts' SENTINEL
    private const uint KeyNotFound = 3;

    private static readonly byte[] FixedKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static WasmHarness Probe() => new(ProbeContract.Wat, []);

    [Fact]
    public void VariableKeyFunctions_GiveGoldenResults()
    {
        var probe = Probe();
        var key = "k1"u8.ToArray();

        Assert.Equal(Absent, ReadU32(probe.Output(WithKey(SetVariable2, key, "abc"u8))));
        Assert.Equal(3u, ReadU32(probe.Output(WithKey(SetVariable2, key, "defg"u8))));
        Assert.Equal([0, 0, 0, 0, .. "defg"u8], probe.Output(WithKey(GetVariable1, key)));
        Assert.Equal(4u, ReadU32(probe.Output(WithKey(ContainsVariable1, key))));
        Assert.Equal(Absent, ReadU32(probe.Output(WithKey(ContainsVariable1, "nope"u8))));
        Assert.Equal(4u, ReadU32(probe.Output(WithKey(ClearVariable1, key))));
        Assert.Equal(Absent, ReadU32(probe.Output(WithKey(ClearVariable1, key))));
        Assert.Equal(new byte[] { 3, 0, 0, 0 }, probe.Output(WithKey(GetVariable1, key)));
    }

    [Fact]
    public void FixedKeyFunctions_GiveGoldenResults()
    {
        var probe = Probe();

        Assert.Empty(probe.Output(WithFixedKey(SetFixed0, FixedKey, "xyz"u8)));
        Assert.Equal(3u, ReadU32(probe.Output(WithFixedKey(SetFixed1, FixedKey, "12345"u8))));
        Assert.Equal([0, 0, 0, 0, .. "12345"u8], probe.Output(WithFixedKey(GetFixed0, FixedKey)));
        Assert.Equal(5u, ReadU32(probe.Output(WithFixedKey(ContainsFixed0, FixedKey))));
        Assert.Empty(probe.Output(WithFixedKey(ClearFixed0, FixedKey)));
        Assert.Equal(Absent, ReadU32(probe.Output(WithFixedKey(ContainsFixed0, FixedKey))));
        Assert.Equal(KeyNotFound, ReadU32(probe.Output(WithFixedKey(GetFixed0, FixedKey))));
        Assert.Equal(Absent, ReadU32(probe.Output(WithFixedKey(SetFixed1, FixedKey, ""u8))));
        Assert.Equal(0u, ReadU32(probe.Output(WithFixedKey(ContainsFixed0, FixedKey))));
    }

    [Fact]
    public void TakeStorage_ReturnsAndRemovesTheValue()
    {
        var probe = Probe();
        probe.Output(WithKey(SetVariable2, "t"u8, "val"u8));

        Assert.Equal([0, 0, 0, 0, .. "val"u8], probe.Output(WithKey(Take0, "t"u8)));
        Assert.Equal(new byte[] { 3, 0, 0, 0 }, probe.Output(WithKey(Take0, "t"u8)));
        Assert.Equal(Absent, ReadU32(probe.Output(WithKey(ContainsVariable1, "t"u8))));
    }

    [Fact]
    public void FixedAndVariableKeys_AreSeparateSlots_AsInPalletContracts()
    {
        var probe = Probe();
        probe.Output(WithFixedKey(SetFixed0, FixedKey, "fixed"u8));

        Assert.Equal(new byte[] { 3, 0, 0, 0 }, probe.Output(WithKey(GetVariable1, FixedKey)));
    }

    [Fact]
    public void EmptyVariableKey_IsAValidKey()
    {
        var probe = Probe();

        probe.Output(WithKey(SetVariable2, [], "empty"u8));

        Assert.Equal([0, 0, 0, 0, .. "empty"u8], probe.Output(WithKey(GetVariable1, [])));
    }

    [Fact]
    public void StateHash_IsGolden_AfterAFixedSequence()
    {
        var probe = Probe();
        probe.Output(WithKey(SetVariable2, "a"u8, "1"u8));
        probe.Output(WithKey(SetVariable2, [0, 0, 0, 0], [42, 0, 0, 0]));
        probe.Output(WithFixedKey(SetFixed0, FixedKey, "f"u8));

        // Freezes the storage layout (0x00 ‖ fixed key, 0x01 ‖ variable key, 0xFF ‖ "deployed") and the snapshot hash.
        Assert.Equal(5, probe.Instance.State.Count);
        Assert.Equal(Hash256.Parse("0xc90e74222469688a919bb991c9d136e60aa205b74c6e4c7f75455a2504edcc09"), probe.StateHash);
    }

    [Theory]
    [InlineData(129, "trapped: storage key of 129 bytes exceeds the limit of 128")]
    [InlineData(128, null)]
    public void VariableKey_IsBounded(int length, string? error)
    {
        var probe = Probe();

        var outcome = probe.Call(WithKey(SetVariable2, new byte[length], "v"u8));

        Assert.Equal(error, outcome.Error?.Message);
    }

    [Fact]
    public void Value_IsBounded()
    {
        var probe = Probe();

        var outcome = probe.Call(WithKey(SetVariable2, "k"u8, new byte[(16 * 1024) + 1]));

        Assert.Equal("trapped: storage value of 16385 bytes exceeds the limit of 16384", outcome.Error!.Value.Message);
    }

    [Fact]
    public void GetStorage_Traps_WhenTheOutputBufferIsTooSmall()
    {
        var probe = Probe();
        probe.Output(WithKey(SetVariable2, "k"u8, "long"u8));

        var outcome = probe.Call(WithKey(GetIntoTinyBuffer, "k"u8));

        Assert.Equal("trapped: output buffer too small: 4 bytes to write, 1 available", outcome.Error!.Value.Message);
    }

    [Fact]
    public void Query_ReadsStorage_ButMayNotWriteIt()
    {
        var probe = Probe();
        probe.Output(WithKey(SetVariable2, "k"u8, "v"u8));

        Assert.Equal([0, 0, 0, 0, .. "v"u8], probe.Query(WithKey(GetVariable1, "k"u8)).Answer);
        Assert.Equal("trapped: seal0.take_storage changes state and is not allowed in a query", probe.Query(WithKey(Take0, "k"u8)).Error!.Value.Message);
        Assert.Equal("trapped: seal1.clear_storage changes state and is not allowed in a query", probe.Query(WithKey(ClearVariable1, "k"u8)).Error!.Value.Message);
        Assert.Equal("trapped: seal0.set_storage changes state and is not allowed in a query", probe.Query(WithFixedKey(SetFixed0, FixedKey, "x"u8)).Error!.Value.Message);
    }
}
