using CsCheck;
using Veil.Contracts.Runtime;
using Veil.Wasm.Tests.Contracts;
using static Veil.Wasm.Tests.Contracts.ProbeContract;

namespace Veil.Wasm.Tests;

public class DeterminismPropertyTests
{
    private static readonly byte[][] Keys = [[], "a"u8.ToArray(), "bb"u8.ToArray(), [0, 0, 0, 0]];
    private static readonly byte[] FixedKey = new byte[32];

    // (op, key, value, gas): writes, clears, takes, reads, reverts, traps, and runs out of gas, mostly with enough gas.
    private static readonly Gen<(byte[] Input, ulong Gas)> Steps =
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, Keys.Length - 1], Gen.Byte.Array[0, 12], Gen.Int[0, 9])
            .Select((kind, key, value, gasPick) =>
            {
                byte[] input = kind switch
                {
                    0 => WithKey(SetVariable2, Keys[key], value),
                    1 => WithKey(ClearVariable1, Keys[key]),
                    2 => WithKey(Take0, Keys[key]),
                    3 => WithKey(GetVariable1, Keys[key]),
                    4 => Input(WriteThenRevert, value),
                    5 => Input(WriteThenUnreachable, value),
                    6 => WithFixedKey(SetFixed1, FixedKey, value),
                    7 => Input(WriteThenLoop, value),
                    _ => Input(Event, [0, .. value]),
                };
                return (input, gasPick == 0 ? 3_000ul + (ulong)(value.Length * 300) : 200_000ul);
            });

    [Fact]
    public void Handle_GivesIdenticalOutcomesGasAndHashes_OnIndependentInstances()
    {
        Steps.Array[1, 30].Sample(steps =>
        {
            var first = new WasmHarness(ProbeContract.Wat, []);
            var second = new WasmHarness(ProbeContract.Wat, []);
            WasmHarness? restored = null;
            for (var i = 0; i < steps.Length; i++)
            {
                // Halfway, a third worker joins from a snapshot of the first.
                if (i == steps.Length / 2)
                {
                    Assert.True(ContractState.TryDecodeSnapshot(first.Instance.State.EncodeSnapshot(), out var state, out var error), error);
                    restored = new WasmHarness(ProbeContract.Wat, state: state);
                }

                var (input, gas) = steps[i];
                var a = first.Call(input, block: (ulong)i, gasLimit: gas);
                var b = second.Call(input, block: (ulong)i, gasLimit: gas);
                AssertSame(a, b);
                Assert.Equal(first.StateHash, second.StateHash);
                if (restored is not null)
                {
                    AssertSame(a, restored.Call(input, block: (ulong)i, gasLimit: gas));
                    Assert.Equal(first.StateHash, restored.StateHash);
                }
            }
        }, iter: 60);
    }

    private static void AssertSame(ContractOutcome a, ContractOutcome b)
    {
        Assert.Equal(a.IsSuccess, b.IsSuccess);
        Assert.Equal(a.Error, b.Error);
        Assert.Equal(a.GasUsed, b.GasUsed);
        Assert.Equal(a.Receipt, b.Receipt);
    }
}
