using System.Buffers.Binary;

namespace Veil.Protocol.Confidential;

/// <summary>
/// Pads confidential plaintexts to a few fixed sizes so a ciphertext's length tells an observer only the
/// bucket, not the exact size of a command, query or answer (DESIGN §6). Layout: <c>length u32 LE ‖
/// plaintext ‖ zeros</c>, total = the smallest bucket that fits; beyond the largest bucket, whole
/// multiples of it. The length prefix is fixed-width (not SCALE compact) so the overhead, and therefore
/// the bucket boundary, does not depend on the length itself.
/// </summary>
public static class PlaintextPadding
{
    public const int LengthPrefixSize = sizeof(uint);

    /// <summary>Padded sizes: 64 B, 256 B, 1 KiB, 4 KiB, 16 KiB, 64 KiB.</summary>
    public static ReadOnlySpan<int> Buckets => [64, 256, 1024, 4096, 16384, 65536];

    public const int LargestBucket = 65536;

    /// <summary>The padded size of a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static int PaddedLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        var needed = checked(plaintextLength + LengthPrefixSize);
        foreach (var bucket in Buckets)
        {
            if (needed <= bucket)
            {
                return bucket;
            }
        }

        return checked((needed + LargestBucket - 1) / LargestBucket * LargestBucket);
    }

    /// <summary>True when <paramref name="length"/> is a size that <see cref="Pad"/> can produce.</summary>
    public static bool IsPaddedLength(int length)
    {
        foreach (var bucket in Buckets)
        {
            if (length == bucket)
            {
                return true;
            }
        }

        return length > LargestBucket && length % LargestBucket == 0;
    }

    public static byte[] Pad(ReadOnlySpan<byte> plaintext)
    {
        var padded = new byte[PaddedLength(plaintext.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(padded, (uint)plaintext.Length);
        plaintext.CopyTo(padded.AsSpan(LengthPrefixSize));
        return padded;
    }

    /// <summary>
    /// The plaintext inside <paramref name="padded"/>. Refuses a size that is not a bucket, a length
    /// prefix that does not fit, and any non-zero padding byte, so every plaintext has exactly one valid
    /// padded form and a sender cannot smuggle data (or a covert channel) in the padding.
    /// </summary>
    public static bool TryUnpad(ReadOnlySpan<byte> padded, out ReadOnlySpan<byte> plaintext, out string error)
    {
        plaintext = default;
        if (!IsPaddedLength(padded.Length))
        {
            error = $"padded plaintext is {padded.Length} bytes, which is not a padding bucket";
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(padded);
        if (length > (uint)(padded.Length - LengthPrefixSize))
        {
            error = $"padded plaintext claims {length} bytes but holds at most {padded.Length - LengthPrefixSize}";
            return false;
        }

        var end = LengthPrefixSize + (int)length;
        if (PaddedLength((int)length) != padded.Length)
        {
            error = $"a {length}-byte plaintext belongs in a {PaddedLength((int)length)}-byte bucket, not {padded.Length}";
            return false;
        }

        if (padded[end..].ContainsAnyExcept((byte)0))
        {
            error = "padding holds non-zero bytes";
            return false;
        }

        plaintext = padded[LengthPrefixSize..end];
        error = string.Empty;
        return true;
    }
}
