using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using static Veil.Contracts.Tests.WalletSamples;

namespace Veil.Contracts.Tests.Wallet;

/// <summary>
/// Out-of-gas at every possible point: for each budget below a command's cost the command must be
/// refused with OutOfGas and leave no trace, even when it ran out after some writes.
/// </summary>
public class WalletGasTests
{
    private static readonly AccountId Alice = Account(0xa1);
    private static readonly AccountId Bob = Account(0xb0);

    public static TheoryData<string> Commands => new() { "deposit", "transfer", "withdraw" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Handle_RollsBackEverything_WhenGasRunsOutAtAnyPoint(string name)
    {
        var funded = NewWallet();
        funded.Deposit(Alice, 100);
        funded.Deposit(Bob, 5);
        var (command, origin) = name switch
        {
            "deposit" => (WalletCommand.Deposit(Alice, 1), Balances),
            "transfer" => (WalletCommand.Transfer(Bob, 1), From(Alice)),
            _ => (WalletCommand.Withdraw(Bob, 1), From(Alice)),
        };
        var bytes = command.Encode();
        var cost = funded.Clone().Handle(bytes, origin, 1).GasUsed;
        var before = funded.StateHash;

        for (ulong limit = 0; limit < cost; limit++)
        {
            var wallet = funded.Clone();

            var outcome = wallet.Handle(bytes, origin, 1, limit);

            Assert.Equal(ContractErrorKind.OutOfGas, outcome.Error?.Kind);
            Assert.Equal(limit, outcome.GasUsed);
            Assert.Empty(outcome.Messages);
            Assert.Equal(before, wallet.StateHash);
        }

        var exact = funded.Clone().Handle(bytes, origin, 1, cost);
        Assert.True(exact.IsSuccess, exact.ToString());
    }

    [Fact]
    public void Handle_UsesTheSameGas_WhenTheSameCommandRunsOnTwoInstances()
    {
        var first = NewWallet();
        var second = NewWallet();
        first.Deposit(Alice, 100);
        second.Deposit(Alice, 100);

        var a = first.Transfer(Alice, Bob, 10);
        var b = second.Transfer(Alice, Bob, 10);

        Assert.Equal(a.GasUsed, b.GasUsed);
        Assert.InRange(a.GasUsed, 1ul, 20_000ul);
    }
}
