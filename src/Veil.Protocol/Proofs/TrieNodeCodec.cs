using System.Numerics;
using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Proofs;

/// <summary>
/// SCALE encoding of state-trie nodes; a node's hash is BLAKE2b-256 of exactly these bytes. Frozen by a
/// golden test.
/// <code>
/// Leaf      = 0x00 ‖ path ‖ Vec&lt;u8&gt; value
/// Extension = 0x01 ‖ path (≥ 1 nibble) ‖ child hash [32]
/// Branch    = 0x02 ‖ u16 LE child bitmap (bit i = nibble i) ‖ child hashes [32] in nibble order ‖ Option&lt;Vec&lt;u8&gt;&gt; value
/// path      = compact nibble count ‖ nibbles packed two per byte, high first, a final odd nibble padded with 0
/// </code>
/// The decoder accepts only canonical nodes (what the trie itself writes): an extension has a path, a
/// branch has at least two children or one child and a value, padding is zero, nothing trails.
/// </summary>
public static class TrieNodeCodec
{
    /// <summary>Longest path a node may carry: keys are at most <see cref="MaxKeyLength"/> bytes.</summary>
    public const int MaxPathNibbles = MaxKeyLength * 2;

    /// <summary>Longest storage key the trie accepts.</summary>
    public const int MaxKeyLength = 1024;

    public const int BranchWidth = 16;

    public static void WriteLeaf(ref ScaleWriter writer, scoped ReadOnlySpan<byte> path, scoped ReadOnlySpan<byte> value)
    {
        writer.WriteU8((byte)TrieNodeKind.Leaf);
        WritePath(ref writer, path);
        writer.WriteBytes(value);
    }

    public static void WriteExtension(ref ScaleWriter writer, scoped ReadOnlySpan<byte> path, Hash256 child)
    {
        if (path.IsEmpty)
        {
            throw new ArgumentException("An extension needs at least one nibble of path.", nameof(path));
        }

        writer.WriteU8((byte)TrieNodeKind.Extension);
        WritePath(ref writer, path);
        writer.WriteHash(child);
    }

    /// <summary>Writes a branch; <paramref name="children"/> has 16 entries, <see cref="Hash256.Zero"/> for none.</summary>
    public static void WriteBranch(ref ScaleWriter writer, scoped ReadOnlySpan<Hash256> children, scoped ReadOnlySpan<byte> value, bool hasValue)
    {
        if (children.Length != BranchWidth)
        {
            throw new ArgumentException($"A branch has {BranchWidth} child slots.", nameof(children));
        }

        ushort bitmap = 0;
        for (var i = 0; i < BranchWidth; i++)
        {
            if (!children[i].IsZero)
            {
                bitmap |= (ushort)(1 << i);
            }
        }

        writer.WriteU8((byte)TrieNodeKind.Branch);
        writer.WriteU16(bitmap);
        for (var i = 0; i < BranchWidth; i++)
        {
            if (!children[i].IsZero)
            {
                writer.WriteHash(children[i]);
            }
        }

        writer.WriteOptionTag(hasValue);
        if (hasValue)
        {
            writer.WriteBytes(value);
        }
    }

    /// <summary>Decodes one node from untrusted bytes; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoding, out DecodedTrieNode? node, out string error)
    {
        node = null;
        var reader = new ScaleReader(encoding);
        var kind = (TrieNodeKind)reader.ReadVariant(3, "trie node");
        byte[] path = [];
        byte[]? value = null;
        var child = Hash256.Zero;
        Hash256[]? children = null;
        switch (kind)
        {
            case TrieNodeKind.Leaf:
                path = ReadPath(ref reader);
                value = reader.ReadBytes().ToArray();
                break;
            case TrieNodeKind.Extension:
                path = ReadPath(ref reader);
                if (!reader.Failed && path.Length == 0)
                {
                    reader.Fail("extension with an empty path");
                }

                child = reader.ReadHash();
                break;
            case TrieNodeKind.Branch:
                var bitmap = reader.ReadU16();
                children = new Hash256[BranchWidth];
                for (var i = 0; i < BranchWidth && !reader.Failed; i++)
                {
                    if ((bitmap & (1 << i)) != 0)
                    {
                        children[i] = reader.ReadHash();
                    }
                }

                if (reader.ReadOptionTag())
                {
                    value = reader.ReadBytes().ToArray();
                }

                var count = BitOperations.PopCount(bitmap);
                if (!reader.Failed && (count == 0 || (count == 1 && value is null)))
                {
                    reader.Fail($"branch with {count} child(ren) and {(value is null ? "no" : "a")} value is not canonical");
                }

                break;
        }

        if (!reader.TryFinish(out error))
        {
            return false;
        }

        node = new DecodedTrieNode(kind, path, value, child, children);
        return true;
    }

    private static void WritePath(ref ScaleWriter writer, scoped ReadOnlySpan<byte> nibbles)
    {
        writer.WriteCompact((ulong)nibbles.Length);
        var packed = writer.Reserve((nibbles.Length + 1) / 2);
        for (var i = 0; i + 1 < nibbles.Length; i += 2)
        {
            packed[i >> 1] = (byte)((nibbles[i] << 4) | nibbles[i + 1]);
        }

        if ((nibbles.Length & 1) != 0)
        {
            packed[^1] = (byte)(nibbles[^1] << 4);
        }
    }

    private static byte[] ReadPath(ref ScaleReader reader)
    {
        var count = reader.ReadCompact();
        if (reader.Failed)
        {
            return [];
        }

        if (count > MaxPathNibbles)
        {
            reader.Fail($"path of {count} nibbles exceeds {MaxPathNibbles}");
            return [];
        }

        var nibbleCount = (int)count;
        var packed = reader.ReadRaw((nibbleCount + 1) / 2);
        if (reader.Failed)
        {
            return [];
        }

        if ((nibbleCount & 1) != 0 && (packed[^1] & 0x0F) != 0)
        {
            reader.Fail("path padding nibble is not zero");
            return [];
        }

        return Nibbles.FromKey(packed, 0, nibbleCount);
    }
}
