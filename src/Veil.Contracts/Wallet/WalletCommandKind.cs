namespace Veil.Contracts.Wallet;

/// <summary>The Wallet's command variants; the index is the first byte of every command. Never reorder.</summary>
public enum WalletCommandKind : byte
{
    /// <summary><c>deposit { beneficiary: AccountId, amount: u128 }</c>, only from <c>Origin.Module("Balances")</c>.</summary>
    Deposit = 0,

    /// <summary><c>transfer { to: AccountId, amount: u128 }</c> from an account.</summary>
    Transfer = 1,

    /// <summary><c>withdraw { to: AccountId, amount: u128 }</c> from an account; releases public VEIL to <c>to</c>.</summary>
    Withdraw = 2,
}
