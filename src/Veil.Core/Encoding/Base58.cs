namespace Veil.Core;

/// <summary>Base58 with Bitcoin's alphabet, as SS58 uses it.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Digits = BuildDigits();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;

        // log(256)/log(58) ≈ 1.366: enough digits for the value.
        var size = ((data.Length - zeros) * 138 / 100) + 1;
        Span<byte> b58 = size <= 256 ? stackalloc byte[size] : new byte[size];
        b58.Clear();
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * b58[k];
                b58[k] = (byte)(carry % 58);
                carry /= 58;
            }

            length = j;
        }

        var start = size - length;
        while (start < size && b58[start] == 0) start++;
        var chars = new char[zeros + (size - start)];
        chars.AsSpan(0, zeros).Fill('1');
        for (var i = start; i < size; i++) chars[zeros + i - start] = Alphabet[b58[i]];
        return new string(chars);
    }

    public static bool TryDecode(string text, out byte[] data)
    {
        data = [];
        if (text.Length > 1024) return false;
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1') zeros++;
        var size = ((text.Length - zeros) * 733 / 1000) + 1;
        Span<byte> b256 = stackalloc byte[size];
        b256.Clear();
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 128 || Digits[c] < 0) return false;
            int carry = Digits[c];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * b256[k];
                b256[k] = (byte)(carry % 256);
                carry /= 256;
            }

            length = j;
        }

        var start = size - length;
        while (start < size && b256[start] == 0) start++;
        data = new byte[zeros + (size - start)];
        b256[start..].CopyTo(data.AsSpan(zeros));
        return true;
    }

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) digits[Alphabet[i]] = (sbyte)i;
        return digits;
    }
}
