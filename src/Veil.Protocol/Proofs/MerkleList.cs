using Veil.Core;
using Veil.Core.Hashing;

namespace Veil.Protocol.Proofs;

/// <summary>
/// Binary Merkle tree over an ordered list of hashes (extrinsics root, messages root), built as in
/// RFC 9162 §2.1 (Certificate Transparency) with BLAKE2b-256: leaf = H(0x00 ‖ item), inner =
/// H(0x01 ‖ left ‖ right), the left subtree holding the largest power of two below the count; the
/// prefixes keep a leaf from posing as an inner node (the second-preimage trick). Unlike RFC 9162, whose
/// tree size is signed separately, the root also commits to the count: root = H(0x02 ‖ u32 LE count ‖
/// tree hash), with tree hash H() for the empty list. A relayer therefore cannot claim a block holds
/// fewer messages than it does, which the light client needs to notice a dropped message.
/// </summary>
public static class MerkleList
{
    private const byte LeafPrefix = 0x00;
    private const byte InnerPrefix = 0x01;
    private const byte RootPrefix = 0x02;

    /// <summary>The root of the empty list: H(0x02 ‖ 0u32 ‖ H()).</summary>
    public static Hash256 EmptyRoot { get; } = CountedRoot(0, Blake2b.Hash256([]));

    public static Hash256 Root(IReadOnlyList<Hash256> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0)
        {
            return EmptyRoot;
        }

        var level = new Hash256[leaves.Count];
        for (var i = 0; i < level.Length; i++)
        {
            level[i] = LeafHash(leaves[i]);
        }

        // Pairing level by level and carrying an odd last node up unchanged builds RFC 9162's tree.
        for (var count = level.Length; count > 1; count = (count + 1) / 2)
        {
            for (var i = 0; i < count / 2; i++)
            {
                level[i] = InnerHash(level[2 * i], level[(2 * i) + 1]);
            }

            if ((count & 1) != 0)
            {
                level[count / 2] = level[count - 1];
            }
        }

        return CountedRoot(leaves.Count, level[0]);
    }

    /// <summary>The audit path for the leaf at <paramref name="index"/>, bottom-up (RFC 9162 §2.1.3.1).</summary>
    public static Hash256[] Prove(IReadOnlyList<Hash256> leaves, int index)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);

        var level = new Hash256[leaves.Count];
        for (var i = 0; i < level.Length; i++)
        {
            level[i] = LeafHash(leaves[i]);
        }

        var path = new List<Hash256>();
        for (var count = level.Length; count > 1; count = (count + 1) / 2)
        {
            var sibling = index ^ 1;
            if (sibling < count)
            {
                path.Add(level[sibling]);
            }

            for (var i = 0; i < count / 2; i++)
            {
                level[i] = InnerHash(level[2 * i], level[(2 * i) + 1]);
            }

            if ((count & 1) != 0)
            {
                level[count / 2] = level[count - 1];
            }

            index >>= 1;
        }

        return path.ToArray();
    }

    /// <summary>
    /// True when <paramref name="proof"/> shows <paramref name="leaf"/> at <paramref name="index"/> of a
    /// <paramref name="count"/>-item list with <paramref name="root"/> (RFC 9162 §2.1.3.2). Never throws.
    /// </summary>
    public static bool Verify(Hash256 root, int index, int count, Hash256 leaf, ReadOnlySpan<Hash256> proof)
    {
        if (index < 0 || index >= count)
        {
            return false;
        }

        var fn = (uint)index;
        var sn = (uint)(count - 1);
        var r = LeafHash(leaf);
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) != 0 || fn == sn)
            {
                r = InnerHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = InnerHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CountedRoot(count, r) == root;
    }

    private static Hash256 CountedRoot(int count, Hash256 treeHash)
    {
        Span<byte> buffer = stackalloc byte[1 + 4 + Hash256.Size];
        buffer[0] = RootPrefix;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(buffer[1..], (uint)count);
        treeHash.CopyTo(buffer[5..]);
        return Blake2b.Hash256(buffer);
    }

    private static Hash256 LeafHash(Hash256 item)
    {
        Span<byte> buffer = stackalloc byte[1 + Hash256.Size];
        buffer[0] = LeafPrefix;
        item.CopyTo(buffer[1..]);
        return Blake2b.Hash256(buffer);
    }

    private static Hash256 InnerHash(Hash256 left, Hash256 right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Hash256.Size)];
        buffer[0] = InnerPrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash256.Size)..]);
        return Blake2b.Hash256(buffer);
    }
}
