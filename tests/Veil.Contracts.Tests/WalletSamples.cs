using System.Buffers.Binary;
using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Contracts.Tests;

/// <summary>Shared accounts, origins and shortcuts for the wallet tests.</summary>
internal static class WalletSamples
{
    public static readonly Hash256 WalletId = new(Filled(0xee));
    public static readonly Origin Balances = Origin.Module(WalletContract.DepositModule);

    public static AccountId Account(byte fill) => new(Filled(fill));

    public static Origin From(AccountId account) => Origin.Account(account);

    public static ContractInstance NewWallet() => new(WalletId, new WalletContract());

    public static ContractOutcome Deposit(this ContractInstance wallet, AccountId beneficiary, UInt128 amount)
        => wallet.Handle(WalletCommand.Deposit(beneficiary, amount).Encode(), Balances, 1);

    public static ContractOutcome Transfer(this ContractInstance wallet, AccountId from, AccountId to, UInt128 amount, ulong gasLimit = GasMeter.DefaultCommandLimit)
        => wallet.Handle(WalletCommand.Transfer(to, amount).Encode(), From(from), 1, gasLimit);

    public static ContractOutcome Withdraw(this ContractInstance wallet, AccountId from, AccountId to, UInt128 amount, ulong gasLimit = GasMeter.DefaultCommandLimit)
        => wallet.Handle(WalletCommand.Withdraw(to, amount).Encode(), From(from), 1, gasLimit);

    /// <summary>The balance as the owner reads it through an authorized query.</summary>
    public static UInt128 BalanceOf(this ContractInstance wallet, AccountId account)
    {
        var result = wallet.Query(WalletQuery.Balance(account).Encode(), account);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(WalletQuery.TryDecodeAmount(result.Answer, out var amount));
        return amount;
    }

    public static UInt128 TotalSupply(this ContractInstance wallet)
    {
        var result = wallet.Query(WalletQuery.TotalSupply.Encode(), Account(0));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(WalletQuery.TryDecodeAmount(result.Answer, out var amount));
        return amount;
    }

    /// <summary>Sum of the balance entries read straight from the state, independent of the contract's queries.</summary>
    public static UInt128 SumOfBalances(ContractState state)
    {
        UInt128 sum = 0;
        foreach (var entry in state.Entries)
        {
            if (entry.Key.Span[0] == 0x01)
            {
                sum = checked(sum + BinaryPrimitives.ReadUInt128LittleEndian(entry.Value.Span));
            }
        }

        return sum;
    }

    public static ContractInstance Clone(this ContractInstance wallet)
    {
        Assert.True(ContractState.TryDecodeSnapshot(wallet.State.EncodeSnapshot(), out var state, out var error), error);
        return new ContractInstance(wallet.Id, wallet.Contract, state);
    }

    private static byte[] Filled(byte fill)
    {
        var bytes = new byte[32];
        Array.Fill(bytes, fill);
        return bytes;
    }
}
