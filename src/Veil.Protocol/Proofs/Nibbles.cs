namespace Veil.Protocol.Proofs;

/// <summary>
/// Keys seen as paths of 4-bit nibbles, high nibble of each byte first, so nibble order equals byte
/// order and a key that is a prefix of another sorts (and sits in the trie) before it.
/// </summary>
public static class Nibbles
{
    /// <summary>The nibble at <paramref name="index"/> of a packed key.</summary>
    public static byte At(ReadOnlySpan<byte> key, int index)
    {
        var b = key[index >> 1];
        return (byte)((index & 1) == 0 ? b >> 4 : b & 0x0F);
    }

    /// <summary>Nibbles <paramref name="start"/>.. of a packed key, one nibble per byte.</summary>
    public static byte[] FromKey(ReadOnlySpan<byte> key, int start, int count)
    {
        var nibbles = new byte[count];
        for (var i = 0; i < count; i++)
        {
            nibbles[i] = At(key, start + i);
        }

        return nibbles;
    }

    /// <summary>
    /// How many leading nibbles of <paramref name="path"/> (one per byte) equal the nibbles of
    /// <paramref name="key"/> from <paramref name="start"/> on.
    /// </summary>
    public static int CommonPrefix(ReadOnlySpan<byte> path, ReadOnlySpan<byte> key, int start)
    {
        var limit = Math.Min(path.Length, (key.Length * 2) - start);
        var i = 0;
        while (i < limit && path[i] == At(key, start + i))
        {
            i++;
        }

        return i;
    }
}
