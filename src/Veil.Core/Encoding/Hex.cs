namespace Veil.Core;

/// <summary>0x-prefixed lowercase hex, as Substrate's RPC writes bytes.</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes "0x…" (the prefix is required, so a decimal number is never mistaken for hex).</summary>
    public static bool TryDecode(string? text, out byte[] bytes, out string error)
    {
        bytes = [];
        if (text is null)
        {
            error = "expected a 0x-prefixed hex string, got null";
            return false;
        }

        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            error = "hex must start with 0x";
            return false;
        }

        var digits = text.AsSpan(2);
        if (digits.Length % 2 != 0)
        {
            error = "hex has an odd number of digits";
            return false;
        }

        var result = new byte[digits.Length / 2];
        if (Convert.FromHexString(digits, result, out _, out var written) != System.Buffers.OperationStatus.Done || written != result.Length)
        {
            error = "hex contains a character that is not 0-9, a-f or A-F";
            return false;
        }

        bytes = result;
        error = string.Empty;
        return true;
    }

    public static byte[] Decode(string text)
        => TryDecode(text, out var bytes, out var error) ? bytes : throw new FormatException($"Invalid hex '{Truncate(text)}': {error}.");

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
