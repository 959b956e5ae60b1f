using CsCheck;
using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Protocol.Messaging;
using static Veil.Contracts.Tests.WalletSamples;

namespace Veil.Contracts.Tests.Wallet;

public class WalletPropertyTests
{
    private const int AccountCount = 5;

    private static readonly AccountId[] Accounts = [Account(1), Account(2), Account(3), Account(4), Account(5)];

    // Origins 0..4 are the accounts; then the Balances module (the only valid depositor), another module and a contract.
    private static readonly Origin[] Origins =
        [From(Accounts[0]), From(Accounts[1]), From(Accounts[2]), From(Accounts[3]), From(Accounts[4]),
         Balances, Origin.Module("Governance"), Origin.Contract(WalletId)];

    // Mostly small amounts so transfers and withdrawals succeed; one in ten near u128's top to reach overflow.
    private static readonly Gen<UInt128> Amounts =
        Gen.Select(Gen.Int[0, 9], Gen.ULong[0, 200]).Select((pick, value) => pick == 0 ? UInt128.MaxValue - value : (UInt128)value);

    private static readonly Gen<(int Origin, WalletCommand Command)> Steps =
        Gen.Select(Gen.Int[0, Origins.Length - 1], Gen.Int[0, 2], Gen.Int[0, AccountCount - 1], Amounts)
            .Select((origin, kind, to, amount) => (origin, new WalletCommand((WalletCommandKind)kind, Accounts[to], amount)));

    [Fact]
    public void Handle_GivesIdenticalOutcomesAndHashes_WhenTheSameStreamRunsOnIndependentInstances()
    {
        Steps.Array[0, 60].Sample(steps =>
        {
            var first = NewWallet();
            var second = NewWallet();
            ContractInstance? restored = null;
            for (var i = 0; i < steps.Length; i++)
            {
                // Halfway, a third instance joins from a snapshot, as a new worker would.
                if (i == steps.Length / 2)
                {
                    restored = first.Clone();
                }

                var bytes = steps[i].Command.Encode();
                var origin = Origins[steps[i].Origin];
                var a = first.Handle(bytes, origin, (ulong)i);
                var b = second.Handle(bytes, origin, (ulong)i);
                var c = restored?.Handle(bytes, origin, (ulong)i);

                AssertSameOutcome(a, b);
                Assert.Equal(first.StateHash, second.StateHash);
                if (c is not null)
                {
                    AssertSameOutcome(a, c);
                    Assert.Equal(first.StateHash, restored!.StateHash);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Handle_ConservesSupplyAndMatchesModel_WhenCommandStreamIsRandom()
    {
        Steps.Array[0, 80].Sample(steps =>
        {
            var wallet = NewWallet();
            var balances = new UInt128[AccountCount];
            UInt128 supply = 0;
            foreach (var (originIndex, command) in steps)
            {
                var outcome = wallet.Handle(command.Encode(), Origins[originIndex], 1);

                var expected = Expect(command, originIndex, balances, supply);
                Assert.True(expected == outcome.IsSuccess, $"{command} from {Origins[originIndex]}: {outcome}");
                if (outcome.IsSuccess)
                {
                    var to = Array.IndexOf(Accounts, command.Account);
                    switch (command.Kind)
                    {
                        case WalletCommandKind.Deposit:
                            balances[to] += command.Amount;
                            supply += command.Amount;
                            break;
                        case WalletCommandKind.Transfer:
                            balances[originIndex] -= command.Amount;
                            balances[to] += command.Amount;
                            break;
                        default:
                            balances[originIndex] -= command.Amount;
                            supply -= command.Amount;
                            Assert.Equal(new WalletRelease(command.Account, command.Amount), DecodeRelease(Assert.Single(outcome.Messages)));
                            break;
                    }
                }

                // Conservation, read two ways: the contract's supply and the raw sum of balance entries.
                Assert.Equal(supply, wallet.TotalSupply());
                Assert.Equal(supply, SumOfBalances(wallet.State));
            }

            for (var i = 0; i < AccountCount; i++)
            {
                Assert.Equal(balances[i], wallet.BalanceOf(Accounts[i]));
            }
        }, iter: 300);
    }

    [Fact]
    public void Handle_NeverThrowsOrChangesState_WhenRandomBytesComeFromUnfundedOrigins()
    {
        Origin[] unfunded = [From(Account(0x77)), Origin.Module("Governance"), Origin.Gatekeeper, Origin.Worker(WalletId), Origin.Chain("kusama")];
        var wallet = NewWallet();
        wallet.Deposit(Accounts[0], 1000);
        var before = wallet.StateHash;

        Gen.Select(Gen.Byte.Array[0, 80], Gen.Int[0, unfunded.Length - 1]).Sample((bytes, originIndex) =>
        {
            var outcome = wallet.Handle(bytes, unfunded[originIndex], 1);

            Assert.False(outcome.IsSuccess);
            Assert.Empty(outcome.Messages);
            Assert.Equal(before, wallet.StateHash);
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Handle_NeverThrowsOrChangesState_WhenValidCommandIsMutatedFromUnfundedOrigin()
    {
        var wallet = NewWallet();
        wallet.Deposit(Accounts[0], 1000);
        var before = wallet.StateHash;
        var genuine = WalletCommand.Transfer(Accounts[1], 10).Encode();

        Gen.Select(Gen.Int[0, genuine.Length], Gen.Byte, Gen.Bool).Sample((index, value, truncate) =>
        {
            var mutated = truncate ? genuine[..index] : genuine.ToArray();
            if (!truncate && index < mutated.Length)
            {
                mutated[index] = value;
            }

            Assert.False(wallet.Handle(mutated, From(Account(0x77)), 1).IsSuccess);
            Assert.Equal(before, wallet.StateHash);
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Handle_KeepsConservation_WhenRandomBytesComeFromFundedAccount()
    {
        Gen.Byte.Array[0, 60].Array[1, 20].Sample(commands =>
        {
            var wallet = NewWallet();
            wallet.Deposit(Accounts[0], 1000);
            foreach (var bytes in commands)
            {
                var before = wallet.StateHash;
                var outcome = wallet.Handle(bytes, From(Accounts[0]), 1);

                if (!outcome.IsSuccess)
                {
                    Assert.Equal(before, wallet.StateHash);
                }

                Assert.Equal(wallet.TotalSupply(), SumOfBalances(wallet.State));
            }
        }, iter: 300);
    }

    [Fact]
    public void Query_NeverThrowsOrChangesState_WhenBytesAndQuerierAreRandom()
    {
        var wallet = NewWallet();
        wallet.Deposit(Accounts[0], 1000);
        wallet.Deposit(Accounts[1], 5);
        var before = wallet.StateHash;

        Gen.Select(Gen.Byte.Array[0, 40], Gen.Int[0, AccountCount - 1]).Sample((bytes, querier) =>
        {
            var result = wallet.Query(bytes, Accounts[querier]);

            Assert.True(result.IsSuccess || result.Error is not null);
            Assert.Equal(before, wallet.StateHash);
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Query_NeverRevealsAnotherBalance_WhenQuerierIsNotTheAccount()
    {
        var wallet = NewWallet();
        wallet.Deposit(Accounts[1], 5);

        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((owner, querier) =>
        {
            var result = wallet.Query(WalletQuery.Balance(new AccountId(owner)).Encode(), new AccountId(querier));

            Assert.Equal(owner.AsSpan().SequenceEqual(querier), result.IsSuccess);
        }, iter: 500);
    }

    private static bool Expect(WalletCommand command, int originIndex, UInt128[] balances, UInt128 supply)
    {
        if (command.Amount == 0)
        {
            return false;
        }

        return command.Kind switch
        {
            WalletCommandKind.Deposit => Origins[originIndex] == Balances && supply <= UInt128.MaxValue - command.Amount,
            _ => originIndex < AccountCount && balances[originIndex] >= command.Amount,
        };
    }

    private static WalletRelease DecodeRelease(QueueMessage message)
    {
        Assert.Equal(WalletContract.ReleaseTopic, message.TopicText);
        Assert.True(WalletRelease.TryDecode(message.Payload, out var release, out var error), error);
        return release;
    }

    private static void AssertSameOutcome(ContractOutcome expected, ContractOutcome actual)
    {
        Assert.Equal(expected.EncodeReceipt(), actual.EncodeReceipt());
        Assert.Equal(expected.GasUsed, actual.GasUsed);
        Assert.Equal(expected.Messages.Count, actual.Messages.Count);
        for (var i = 0; i < expected.Messages.Count; i++)
        {
            Assert.Equal(expected.Messages[i].Encode(), actual.Messages[i].Encode());
        }
    }
}
