using System.Security.Cryptography;

namespace Veil.Crypto;

/// <summary>Comparisons whose running time does not depend on where secret inputs differ.</summary>
public static class ConstantTime
{
    /// <summary>
    /// True when both spans hold the same bytes. Time depends only on the lengths, never on the
    /// contents, so MACs, tags and secrets can be compared without a timing oracle.
    /// </summary>
    public static bool AreEqual(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
        => CryptographicOperations.FixedTimeEquals(left, right);
}
