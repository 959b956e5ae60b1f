using System.Buffers.Binary;
using System.IO.Hashing;

namespace Veil.Core.Hashing;

/// <summary>
/// Substrate's "twox" hashes: xxHash64 run with seeds 0, 1, … and the results concatenated
/// little-endian. Used only where Substrate uses them (storage key prefixes); they are not cryptographic.
/// </summary>
public static class TwoX
{
    public static void Twox64(ReadOnlySpan<byte> data, Span<byte> output8)
        => BinaryPrimitives.WriteUInt64LittleEndian(output8, XxHash64.HashToUInt64(data, 0));

    public static void Twox128(ReadOnlySpan<byte> data, Span<byte> output16)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(output16, XxHash64.HashToUInt64(data, 0));
        BinaryPrimitives.WriteUInt64LittleEndian(output16[8..], XxHash64.HashToUInt64(data, 1));
    }

    public static byte[] Twox128(ReadOnlySpan<byte> data)
    {
        var result = new byte[16];
        Twox128(data, result);
        return result;
    }

    public static byte[] Twox128(string text) => Twox128(System.Text.Encoding.UTF8.GetBytes(text));
}
