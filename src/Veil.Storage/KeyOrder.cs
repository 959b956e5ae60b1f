namespace Veil.Storage;

/// <summary>Byte-wise key order shared by the stores, matching RocksDB's default comparator.</summary>
internal static class KeyOrder
{
    /// <summary>Where iteration starts: the prefix itself, or just past <paramref name="startAfter"/> if that is later.</summary>
    public static byte[] SeekTarget(ReadOnlySpan<byte> prefix, byte[]? startAfter)
    {
        if (startAfter is null || startAfter.AsSpan().SequenceCompareTo(prefix) < 0)
        {
            return prefix.ToArray();
        }

        // startAfter ‖ 0x00 is the smallest key strictly greater than startAfter.
        var target = new byte[startAfter.Length + 1];
        startAfter.CopyTo(target, 0);
        return target;
    }
}
