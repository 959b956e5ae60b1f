using CsCheck;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Protocol.Proofs;

namespace Veil.Protocol.Tests.Proofs;

public sealed class MerkleListTests
{
    [Fact]
    public void Root_CommitsToZeroCount_WhenListIsEmpty()
    {
        Assert.Equal(Counted(0, Blake2b.Hash256([])), MerkleList.Root([]));
        Assert.Equal(MerkleList.EmptyRoot, MerkleList.Root([]));
    }

    [Fact]
    public void Root_MatchesRfc9162Recursion_ForEveryCountUpTo70()
    {
        for (var count = 1; count <= 70; count++)
        {
            var leaves = Leaves(count);
            Assert.Equal(Counted(count, ReferenceRoot(leaves)), MerkleList.Root(leaves));
        }
    }

    [Fact]
    public void Verify_AcceptsEveryLeafProof_ForEveryCountUpTo40()
    {
        for (var count = 1; count <= 40; count++)
        {
            var leaves = Leaves(count);
            var root = MerkleList.Root(leaves);
            for (var index = 0; index < count; index++)
            {
                var proof = MerkleList.Prove(leaves, index);
                Assert.True(MerkleList.Verify(root, index, count, leaves[index], proof), $"count {count} index {index}");
            }
        }
    }

    [Fact]
    public void Verify_Rejects_WhenAnyPartIsWrong()
    {
        for (var count = 1; count <= 20; count++)
        {
            var leaves = Leaves(count);
            var root = MerkleList.Root(leaves);
            for (var index = 0; index < count; index++)
            {
                var proof = MerkleList.Prove(leaves, index);
                var other = Blake2b.Hash256([0xEE]);
                Assert.False(MerkleList.Verify(root, index, count, other, proof));
                Assert.False(MerkleList.Verify(other, index, count, leaves[index], proof));
                // The count is part of the root, so no proof stretches to a longer or shorter list.
                Assert.False(MerkleList.Verify(root, index, count + 1, leaves[index], proof));
                Assert.False(MerkleList.Verify(root, index, count + 2, leaves[index], proof));
                Assert.False(MerkleList.Verify(root, index, count - 1, leaves[index], proof));
                Assert.False(MerkleList.Verify(root, index, count, leaves[index], [.. proof, other]));
                Assert.False(MerkleList.Verify(root, -1, count, leaves[index], proof));
                Assert.False(MerkleList.Verify(root, count, count, leaves[index], proof));
                if (proof.Length > 0)
                {
                    Assert.False(MerkleList.Verify(root, index, count, leaves[index], proof[..^1]));
                    var tampered = proof.ToArray();
                    tampered[0] = other;
                    Assert.False(MerkleList.Verify(root, index, count, leaves[index], tampered));
                }
            }
        }
    }

    [Fact]
    public void Verify_Rejects_WhenInnerNodeIsPresentedAsLeaf()
    {
        // With 4 leaves, the root's children are inner nodes; without domain separation their hashes
        // would verify as the leaves of a 2-item list.
        var leaves = Leaves(4);
        var root = MerkleList.Root(leaves);
        var left = Inner(LeafHash(leaves[0]), LeafHash(leaves[1]));
        var right = Inner(LeafHash(leaves[2]), LeafHash(leaves[3]));

        Assert.Equal(root, Counted(4, Inner(left, right)));
        Assert.False(MerkleList.Verify(root, 0, 2, left, [right]));
        Assert.False(MerkleList.Verify(Counted(2, Inner(left, right)), 0, 2, left, [right]));
        Assert.NotEqual(Inner(left, right), ReferenceRoot([left, right]));
    }

    [Fact]
    public void Verify_NeverThrows_WhenInputsAreRandom()
    {
        Gen.Select(Gen.Int[-3, 40], Gen.Int[-3, 40], Gen.Byte.Array[32].Array[0, 8]).Sample((index, count, proof) =>
        {
            MerkleList.Verify(Hash256.Zero, index, count, Hash256.Zero, proof.Select(p => new Hash256(p)).ToArray());
        }, iter: 2000);
    }

    [Fact]
    public void Root_MatchesGoldenVector_ForThreeLeaves()
    {
        Hash256[] leaves = [Blake2b.Hash256("a"u8), Blake2b.Hash256("b"u8), Blake2b.Hash256("c"u8)];

        // Frozen: the extrinsics and messages roots in every header depend on this construction.
        Assert.Equal(Counted(3, Inner(Inner(LeafHash(leaves[0]), LeafHash(leaves[1])), LeafHash(leaves[2]))), MerkleList.Root(leaves));
        Assert.Equal("0x39eca3a0293ddd873e2bc87af0f6dfe2c23905bcff9a439c90bb925f69ac183f", MerkleList.Root(leaves).ToString());
    }

    private static Hash256[] Leaves(int count)
        => Enumerable.Range(0, count).Select(i => Blake2b.Hash256(BitConverter.GetBytes(i))).ToArray();

    private static Hash256 ReferenceRoot(ReadOnlySpan<Hash256> leaves)
    {
        if (leaves.Length == 1)
        {
            return LeafHash(leaves[0]);
        }

        var k = 1;
        while (k * 2 < leaves.Length)
        {
            k *= 2;
        }

        return Inner(ReferenceRoot(leaves[..k]), ReferenceRoot(leaves[k..]));
    }

    private static Hash256 Counted(int count, Hash256 tree) => Blake2b.Hash256([0x02, .. BitConverter.GetBytes(count), .. tree.ToArray()]);

    private static Hash256 LeafHash(Hash256 leaf) => Blake2b.Hash256([0x00, .. leaf.ToArray()]);

    private static Hash256 Inner(Hash256 left, Hash256 right) => Blake2b.Hash256([0x01, .. left.ToArray(), .. right.ToArray()]);
}
