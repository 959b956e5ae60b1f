using CsCheck;
using Veil.Contracts.Runtime;
using static Veil.Wasm.Examples.Tests.Accounts;

namespace Veil.Wasm.Examples.Tests;

public class DeterminismTests
{
    private static readonly Core.AccountId[] Holders = [Alice, Bob, Carol, Dave];

    // Random token commands, some of which fail (short balances, missing allowances, bad input).
    private static readonly Gen<(int Kind, int From, int To, ulong Amount)> Steps =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, Holders.Length - 1], Gen.Int[0, Holders.Length - 1], Gen.ULong[0, 3_000]);

    [Fact]
    public void TokenCommandStreams_GiveIdenticalOutcomesAndStateHashes_OnTwoInstances()
    {
        Steps.Array[1, 25].Sample(steps =>
        {
            var first = Token();
            var second = Token();
            ExampleContract? joined = null;
            for (var i = 0; i < steps.Length; i++)
            {
                // Halfway, a third worker joins from a snapshot of the first.
                if (i == steps.Length / 2)
                {
                    Assert.True(ContractState.TryDecodeSnapshot(first.Instance.State.EncodeSnapshot(), out var state, out var error), error);
                    joined = new ExampleContract("token", state);
                }

                var (label, args, from) = Command(steps[i]);
                var a = first.Call(label, args, from, ExampleContract.Start + (ulong)i, (ulong)i + 2);
                var b = second.Call(label, args, from, ExampleContract.Start + (ulong)i, (ulong)i + 2);
                AssertSame(a, b);
                Assert.Equal(first.StateHash, second.StateHash);
                if (joined is not null)
                {
                    AssertSame(a, joined.Call(label, args, from, ExampleContract.Start + (ulong)i, (ulong)i + 2));
                    Assert.Equal(first.StateHash, joined.StateHash);
                }
            }
        }, iter: 40);
    }

    private static ExampleContract Token()
        => new ExampleContract("token").Deployed("new", new ScaleInput().U128(5_000), Alice);

    private static (string Label, ScaleInput Args, Core.AccountId From) Command((int Kind, int From, int To, ulong Amount) step)
    {
        var from = Holders[step.From];
        var to = Holders[step.To];
        return step.Kind switch
        {
            0 or 1 => ("transfer", new ScaleInput().Account(to).U128(step.Amount), from),
            2 => ("approve", new ScaleInput().Account(to).U128(step.Amount), from),
            3 => ("transfer_from", new ScaleInput().Account(to).Account(from).U128(step.Amount), from),
            _ => ("balance_of", new ScaleInput().Account(to), from),
        };
    }

    private static void AssertSame(ContractOutcome a, ContractOutcome b)
    {
        Assert.Equal(a.IsSuccess, b.IsSuccess);
        Assert.Equal(a.Error, b.Error);
        Assert.Equal(a.GasUsed, b.GasUsed);
        Assert.Equal(a.Receipt, b.Receipt);
    }
}
