using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;

namespace Veil.Contracts.Tests.Wallet;

/// <summary>The wallet understands the deposit message exactly as the chain's Contracts module sends it, and releases on the chain's topic.</summary>
public sealed class ChainDepositFormatTests
{
    [Fact]
    public void Handle_CreditsTheBeneficiary_WhenTheChainSendsAContractDeposit()
    {
        var wallet = new ContractInstance(new Hash256(new byte[32]), new WalletContract());
        var alice = new AccountId(Enumerable.Repeat((byte)1, 32).ToArray());

        var outcome = wallet.Handle(new ContractDeposit(alice, 100).Encode(), Origin.Module("Balances"), 1);
        Assert.True(outcome.IsSuccess);

        var balance = wallet.Query(WalletQuery.Balance(alice).Encode(), alice);
        Assert.True(WalletQuery.TryDecodeAmount(balance.Answer!, out var amount));
        Assert.Equal((UInt128)100, amount);

        // The same bytes from an account mint nothing.
        Assert.False(wallet.Handle(new ContractDeposit(alice, 100).Encode(), Origin.Account(alice), 2).IsSuccess);

        var withdraw = wallet.Handle(WalletCommand.Withdraw(alice, 40).Encode(), Origin.Account(alice), 3);
        Assert.True(withdraw.IsSuccess);
        Assert.Equal(ContractTopics.Release, Assert.Single(withdraw.Messages).TopicText);
    }
}
