namespace Veil.Contracts.Wallet;

/// <summary>The Wallet's query variants; the index is the first byte of every query. Never reorder.</summary>
public enum WalletQueryKind : byte
{
    /// <summary><c>balance { account: AccountId }</c> → u128; only the account itself may ask.</summary>
    Balance = 0,

    /// <summary><c>total_supply</c> → u128; anyone may ask (it equals the public VEIL the chain holds locked).</summary>
    TotalSupply = 1,
}
