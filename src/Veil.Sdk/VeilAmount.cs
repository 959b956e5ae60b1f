using System.Globalization;

namespace Veil.Sdk;

/// <summary>VEIL amounts: 12 decimals; users type "1.5", the chain stores base units (u128).</summary>
public static class VeilAmount
{
    public const int Decimals = 12;
    public static readonly UInt128 One = 1_000_000_000_000;

    public static bool TryParse(string? text, out UInt128 baseUnits, out string error)
    {
        baseUnits = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "amount is empty";
            return false;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0))
        {
            error = $"'{text}' is not a decimal amount like 1.5";
            return false;
        }

        var fraction = parts.Length == 2 ? parts[1] : string.Empty;
        if (fraction.Length > Decimals)
        {
            error = $"'{text}' has more than {Decimals} decimal places";
            return false;
        }

        var whole = parts[0].Length == 0 ? "0" : parts[0];
        if (!UInt128.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var units)
            || !UInt128.TryParse(fraction.PadRight(Decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture, out var fractional))
        {
            error = $"'{text}' is not a non-negative decimal amount";
            return false;
        }

        try
        {
            baseUnits = checked((units * One) + fractional);
        }
        catch (OverflowException)
        {
            error = $"'{text}' is too large";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Formats base units as VEIL without trailing zeros ("1.5", "1000", "0.000000000001").</summary>
    public static string Format(UInt128 baseUnits)
    {
        var whole = baseUnits / One;
        var fraction = baseUnits % One;
        if (fraction == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
        return $"{whole.ToString(CultureInfo.InvariantCulture)}.{digits}";
    }
}
