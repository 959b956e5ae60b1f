namespace Veil.Contracts.Runtime;

/// <summary>
/// Counts the steps a command or query may take. Built-in contracts are C#, so gas is charged per
/// operation (<see cref="GasCost"/>) rather than per machine instruction; what matters is that every
/// worker charges the same amounts in the same order, so all of them run out at the same point.
/// Once a charge fails the meter stays exhausted: later charges fail too, so a contract that ignores
/// one failed charge still cannot do any more work.
/// </summary>
public sealed class GasMeter
{
    /// <summary>Enough for a few hundred state operations; a wallet transfer costs about 5,000, a withdrawal about 7,300.</summary>
    public const ulong DefaultCommandLimit = 1_000_000;

    public const ulong DefaultQueryLimit = 1_000_000;

    public GasMeter(ulong limit) => Limit = limit;

    public ulong Limit { get; }

    public ulong Used { get; private set; }

    public ulong Remaining => Limit - Used;

    public bool IsExhausted { get; private set; }

    /// <summary>Charges <paramref name="amount"/>; false (and exhausted from then on) when it does not fit.</summary>
    public bool TryCharge(ulong amount)
    {
        if (IsExhausted)
        {
            return false;
        }

        if (amount > Remaining)
        {
            // Report the whole budget as used: the work was attempted and its cost is lost.
            Used = Limit;
            IsExhausted = true;
            return false;
        }

        Used += amount;
        return true;
    }
}
