using System.Buffers.Binary;
using Veil.Core;
using Veil.Protocol.Messaging;
using Veil.Wasm.Tests.Contracts;

namespace Veil.Wasm.Tests;

public class EnvironmentTests
{
    [Fact]
    public void Environment_ReportsCallerAddressValueBlockAndTime()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);
        var value = (UInt128)123_456_789_000_000_000UL * 1000;

        var output = probe.Output(ProbeContract.Input(ProbeContract.Environment));
        var outcome = probe.Call(ProbeContract.Input(ProbeContract.Environment), block: 77, value: value);
        var env = WasmHarness.Receipt(outcome).Output;

        Assert.Equal(92, output.Length);
        Assert.Equal(WasmHarness.Alice.ToArray(), env[..32]);
        Assert.Equal(WasmHarness.ContractId.ToArray(), env[32..64]);
        Assert.Equal(value, BinaryPrimitives.ReadUInt128LittleEndian(env.AsSpan(64)));
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32LittleEndian(env.AsSpan(80)));
        Assert.Equal(WasmHarness.Timestamp, BinaryPrimitives.ReadUInt64LittleEndian(env.AsSpan(84)));
    }

    [Fact]
    public void Caller_OfAModuleOrigin_IsAStableDerivedAccount()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        var outcome = probe.Call(ProbeContract.Input(ProbeContract.Environment), Origin.Module("Balances"));
        var caller = WasmHarness.Receipt(outcome).Output[..32];

        Assert.Equal(WasmContract.CallerOf(Origin.Module("Balances")).ToArray(), caller);
        Assert.NotEqual(WasmContract.CallerOf(Origin.Module("Governance")), WasmContract.CallerOf(Origin.Module("Balances")));
        Assert.Equal("0x" + Convert.ToHexStringLower(caller), WasmContract.CallerOf(Origin.Module("Balances")).ToString());
    }

    [Fact]
    public void Caller_OfAContractOrigin_IsItsId()
    {
        var other = new Hash256(Enumerable.Repeat((byte)7, 32).ToArray());

        Assert.Equal(other, WasmContract.CallerOf(Origin.Contract(other)));
    }

    [Fact]
    public void Deploy_ReceivesTheConstructorInput()
    {
        var probe = new WasmHarness(ProbeContract.Wat, [9, 8, 7]);

        Assert.Equal([0, 0, 0, 0, 9, 8, 7], probe.Output(ProbeContract.WithKey(ProbeContract.GetVariable1, "init"u8)));
    }

    [Fact]
    public void Invocation_Encoding_IsGolden()
    {
        var invocation = new WasmInvocation(WasmEntry.Call, 0x0102030405060708, 5, [0xAA]);

        var encoded = invocation.Encode();

        Assert.Equal("0x01080706050403020105000000000000000000000000000000" + "04aa", Hex.Encode(encoded));
        Assert.True(WasmInvocation.TryDecode(encoded, out var decoded, out _));
        Assert.Equal(invocation.Timestamp, decoded.Timestamp);
        Assert.False(WasmInvocation.TryDecode([.. encoded, 0], out _, out _));
    }
}
