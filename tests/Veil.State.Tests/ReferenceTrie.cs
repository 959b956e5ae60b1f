using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Proofs;

namespace Veil.State.Tests;

/// <summary>
/// An independent, non-incremental statement of the trie's shape: the root of a sorted map computed by
/// direct recursion. The incremental <see cref="StateTrie"/> must always agree with it.
/// </summary>
internal static class ReferenceTrie
{
    public static Hash256 Root(IReadOnlyDictionary<byte[], byte[]> map)
    {
        var entries = map.OrderBy(pair => pair.Key, ByteOrder.Instance)
            .Select(pair => (Nibbles: Nibbles.FromKey(pair.Key, 0, pair.Key.Length * 2), pair.Value))
            .ToArray();
        return entries.Length == 0 ? Hash256.Zero : Blake2b.Hash256(Node(0, entries));
    }

    private static byte[] Node(int depth, (byte[] Nibbles, byte[] Value)[] entries)
    {
        var writer = new ScaleWriter(256);
        try
        {
            if (entries.Length == 1)
            {
                TrieNodeCodec.WriteLeaf(ref writer, entries[0].Nibbles.AsSpan(depth), entries[0].Value);
                return writer.ToArray();
            }

            var first = entries[0].Nibbles;
            var last = entries[^1].Nibbles;
            var k = 0;
            while (depth + k < Math.Min(first.Length, last.Length) && first[depth + k] == last[depth + k])
            {
                k++;
            }

            if (k > 0)
            {
                TrieNodeCodec.WriteExtension(ref writer, first.AsSpan(depth, k), Blake2b.Hash256(Branch(depth + k, entries)));
                return writer.ToArray();
            }
        }
        finally
        {
            writer.Dispose();
        }

        return Branch(depth, entries);
    }

    private static byte[] Branch(int depth, (byte[] Nibbles, byte[] Value)[] entries)
    {
        var children = new Hash256[16];
        byte[]? value = null;
        foreach (var group in entries.GroupBy(e => e.Nibbles.Length == depth ? -1 : e.Nibbles[depth]))
        {
            if (group.Key < 0)
            {
                value = group.Single().Value;
            }
            else
            {
                children[group.Key] = Blake2b.Hash256(Node(depth + 1, group.ToArray()));
            }
        }

        var writer = new ScaleWriter(600);
        try
        {
            TrieNodeCodec.WriteBranch(ref writer, children, value, value is not null);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
