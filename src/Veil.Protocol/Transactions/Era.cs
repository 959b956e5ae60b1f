using System.Numerics;
using Veil.Core.Scale;

namespace Veil.Protocol.Transactions;

/// <summary>
/// Substrate's transaction era: immortal (one byte 0x00) or mortal with a power-of-two period and a
/// phase, packed into two bytes. A mortal transaction is valid only in [birth, birth + period).
/// </summary>
public readonly record struct Era(ulong Period, ulong Phase)
{
    public static Era Immortal => default;

    public bool IsImmortal => Period == 0;

    /// <summary>A mortal era starting at <paramref name="currentBlock"/>, as Substrate's Era::mortal builds it.</summary>
    public static Era Mortal(ulong period, ulong currentBlock)
    {
        // Substrate: period.checked_next_power_of_two().unwrap_or(1 << 16); RoundUpToPowerOf2 returns 0 on
        // overflow (period > 2^63), which would clamp to the shortest period instead of the longest.
        var p = period > 1UL << 16 ? 1UL << 16 : Math.Max(BitOperations.RoundUpToPowerOf2(period), 4UL);
        var phase = currentBlock % p;
        var quantizeFactor = Math.Max(p >> 12, 1);
        var quantizedPhase = phase / quantizeFactor * quantizeFactor;
        return new Era(p, quantizedPhase);
    }

    /// <summary>The first block in which the transaction is valid, given a block inside its window.</summary>
    public ulong Birth(ulong currentBlock)
        => IsImmortal ? 0 : ((Math.Max(currentBlock, Phase) - Phase) / Period * Period) + Phase;

    /// <summary>The first block in which the transaction is no longer valid.</summary>
    public ulong Death(ulong currentBlock) => IsImmortal ? ulong.MaxValue : Birth(currentBlock) + Period;

    public void Encode(ref ScaleWriter writer)
    {
        if (IsImmortal)
        {
            writer.WriteU8(0);
            return;
        }

        var quantizeFactor = Math.Max(Period >> 12, 1);
        var low = (ulong)Math.Clamp(BitOperations.TrailingZeroCount(Period) - 1, 1, 15);
        var encoded = (ushort)(low | ((Phase / quantizeFactor) << 4));
        writer.WriteU16(encoded);
    }

    public static Era Decode(ref ScaleReader reader)
    {
        var first = reader.ReadU8();
        if (reader.Failed || first == 0)
        {
            return Immortal;
        }

        var second = reader.ReadU8();
        var encoded = (ulong)(first + (second << 8));
        var period = 2UL << (int)(encoded % (1 << 4));
        var quantizeFactor = Math.Max(period >> 12, 1);
        var phase = (encoded >> 4) * quantizeFactor;
        if (period < 4 || phase >= period)
        {
            reader.Fail("invalid mortal era");
            return Immortal;
        }

        return new Era(period, phase);
    }
}
