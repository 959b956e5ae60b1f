using CsCheck;
using Veil.Chain.Runtime;

namespace Veil.Chain.Tests.Runtime;

/// <summary>
/// Total issuance equals the sum of all balances after any sequence of transfers: fees and dust are
/// burned from both sides, and nothing is created or lost otherwise.
/// </summary>
public class IssuancePropertyTests
{
    // Two funded dev accounts and two that start empty, so creation, dust and failures all happen.
    private static readonly string[] Names = ["Alice", "Bob", "Yuri", "Zoe"];

    private static readonly UInt128 Ed = new ChainParameters().ExistentialDeposit;

    private static readonly Gen<UInt128> AnyAmount = Gen.Frequency(
        (4, Gen.ULong[0, 2_000_000_000_000].Select(v => (UInt128)v)),
        (1, Gen.OneOf<UInt128>(0, 1, Ed - 1, Ed, Ed + 1, ChainParameters.OneVeil * 1_000_000, ChainParameters.OneVeil * 999_999, UInt128.MaxValue)),
        (1, Gen.ULong.Select(v => (UInt128)v)));

    private static readonly Gen<Step> AnyStep =
        Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int[0, Names.Length - 1], AnyAmount, Gen.Bool, Gen.Int[0, 9])
            .Select((from, to, amount, keepAlive, drain) => new Step(Names[from], Names[to], amount, keepAlive, drain == 0));

    [Fact]
    public void TotalIssuance_EqualsSumOfAccounts_AfterAnyTransferProgram()
    {
        Gen.Select(AnyStep.Array[1, 12], Gen.Int[1, 3]).Sample((steps, blocks) =>
        {
            var t = new TestChain();
            var perBlock = (steps.Length + blocks - 1) / blocks;
            for (var i = 0; i < steps.Length; i += perBlock)
            {
                foreach (var step in steps.Skip(i).Take(perBlock))
                {
                    var from = t[step.From];
                    var amount = step.Drain ? from.Free : step.Amount; // sometimes try to send everything
                    var encoded = t.Transfer(step.From, step.To, amount, keepAlive: step.KeepAlive);

                    // Unaffordable transactions are refused by the pool; that is fine, the rest must balance.
                    t.Chain.Pool.Submit(encoded, out _);
                }

                var before = t.Chain.TotalIssuance;
                var block = t.Produce();
                var fees = t.Events().Where(e => e.Name == "Withdraw").Aggregate(UInt128.Zero, (sum, e) => sum + e.Amount);
                var dust = t.Events().Where(e => e.Name == "DustLost").Aggregate(UInt128.Zero, (sum, e) => sum + e.Amount);

                Assert.Equal(before - fees - dust, t.Chain.TotalIssuance);
                Assert.Equal(t.Chain.TotalIssuance, t.SumOfAccounts());
                foreach (var name in Names)
                {
                    var account = t[name];
                    Assert.True(account.Free == 0 || account.Free >= Ed, $"{name} holds {account.Free}, below the existential deposit");
                }

                Assert.Equal(block.Block.Extrinsics.Count, t.Events().Count(e => e.Name is "ExtrinsicSuccess" or "ExtrinsicFailed"));
            }
        }, iter: 40);
    }

    private sealed record Step(string From, string To, UInt128 Amount, bool KeepAlive, bool Drain);
}
