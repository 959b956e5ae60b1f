namespace Veil.Chain.Runtime;

/// <summary>
/// Event indices inside their module, numbered as FRAME numbers them (frame_system and pallet_balances)
/// so that the encoded <c>System.Events</c> reads familiarly to Substrate tooling.
/// </summary>
public static class RuntimeEvent
{
    public const byte SystemExtrinsicSuccess = 0;
    public const byte SystemExtrinsicFailed = 1;
    public const byte SystemNewAccount = 3;
    public const byte SystemRemarked = 5;

    public const byte BalancesEndowed = 0;
    public const byte BalancesDustLost = 1;
    public const byte BalancesTransfer = 2;
    public const byte BalancesWithdraw = 8;
}
