using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Protocol.Messaging;
using Wasmtime;

namespace Veil.Wasm.Tests;

/// <summary>Compiles WAT, deploys it into a <see cref="ContractInstance"/> and runs commands and queries the way a worker will.</summary>
public sealed class WasmHarness
{
    public const ulong Timestamp = 1_700_000_000_000;

    public static readonly Hash256 ContractId = new(Enumerable.Repeat((byte)0xC0, 32).ToArray());
    public static readonly AccountId Alice = new(Enumerable.Repeat((byte)0xA1, 32).ToArray());

    public WasmHarness(string wat, byte[]? constructorInput = null, ContractState? state = null)
    {
        Code = Load(wat);
        Instance = new ContractInstance(ContractId, new WasmContract(Code), state);
        if (constructorInput is not null)
        {
            var deployed = Deploy(constructorInput);
            Assert.True(deployed.IsSuccess, deployed.ToString());
        }
    }

    public WasmCode Code { get; }

    public ContractInstance Instance { get; }

    public Hash256 StateHash => Instance.StateHash;

    public static byte[] Compile(string wat) => Module.ConvertText(wat);

    public static WasmCode Load(string wat)
    {
        Assert.True(WasmEngine.Shared.TryLoad(Compile(wat), out var code, out var error), error);
        return code;
    }

    public ContractOutcome Deploy(byte[] input, Origin? origin = null, ulong block = 1)
        => Instance.Handle(new WasmInvocation(WasmEntry.Deploy, Timestamp, 0, input).Encode(), origin ?? Origin.Account(Alice), block);

    public ContractOutcome Call(byte[] input, Origin? origin = null, ulong block = 2, UInt128 value = default, ulong gasLimit = GasMeter.DefaultCommandLimit)
        => Instance.Handle(new WasmInvocation(WasmEntry.Call, Timestamp, value, input).Encode(), origin ?? Origin.Account(Alice), block, gasLimit);

    public QueryResult Query(byte[] input, ulong block = 3, ulong gasLimit = GasMeter.DefaultQueryLimit)
        => Instance.Query(new WasmQuery(block, Timestamp, input).Encode(), Alice, gasLimit);

    /// <summary>The output of a successful call.</summary>
    public byte[] Output(byte[] input)
    {
        var outcome = Call(input);
        Assert.True(outcome.IsSuccess, outcome.ToString());
        return Receipt(outcome).Output;
    }

    public static WasmReceipt Receipt(ContractOutcome outcome)
    {
        Assert.True(WasmReceipt.TryDecode(outcome.Receipt, out var receipt, out var error), error);
        return receipt;
    }
}
