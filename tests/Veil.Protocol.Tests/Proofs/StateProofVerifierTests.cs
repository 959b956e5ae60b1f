using CsCheck;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Protocol.Proofs;

namespace Veil.Protocol.Tests.Proofs;

public sealed class StateProofVerifierTests
{
    // The trie of { 0x12 → "a", 0x13 → "b", 0x1 3 4 5 → "c" }:
    //   root = Extension [1] → Branch { 2: Leaf [] "a", 3: Branch("b") { 4: Leaf [5] "c" } }
    private static readonly byte[] LeafA = ProofNodes.Leaf([], "a"u8.ToArray());
    private static readonly byte[] LeafC = ProofNodes.Leaf([5], "c"u8.ToArray());
    private static readonly byte[] InnerBranch = ProofNodes.Branch(Children((4, LeafC)), "b"u8.ToArray());
    private static readonly byte[] TopBranch = ProofNodes.Branch(Children((2, LeafA), (3, InnerBranch)), null);
    private static readonly byte[] RootNode = ProofNodes.Extension([1], Blake2b.Hash256(TopBranch));
    private static readonly Hash256 Root = Blake2b.Hash256(RootNode);

    [Theory]
    [InlineData("12", "a")]
    [InlineData("13", "b")]
    [InlineData("1345", "c")]
    public void TryVerify_ReturnsValue_WhenKeyIsIncluded(string key, string expected)
    {
        var proof = ProofFor(key);
        Assert.True(StateProofVerifier.TryVerify(Root, Convert.FromHexString(key), proof, out var value, out var error), error);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(expected), value);
    }

    [Theory]
    [InlineData("22")]
    [InlineData("14")]
    [InlineData("1234")]
    [InlineData("1346")]
    [InlineData("1356")]
    [InlineData("134567")]
    [InlineData("")]
    public void TryVerify_ProvesAbsence_WhenKeyIsMissing(string key)
    {
        var proof = ProofFor(key);
        Assert.True(StateProofVerifier.TryVerify(Root, Convert.FromHexString(key), proof, out var value, out var error), error);
        Assert.Null(value);
    }

    [Fact]
    public void TryVerify_Rejects_WhenProofIsTamperedOrIncomplete()
    {
        var key = Convert.FromHexString("1345");
        byte[][] good = [RootNode, TopBranch, InnerBranch, LeafC];

        Assert.False(StateProofVerifier.TryVerify(Root, key, good[..3], out _, out var error));
        Assert.Contains("ends", error);
        Assert.False(StateProofVerifier.TryVerify(Root, key, [.. good, LeafA], out _, out error));
        Assert.Contains("after the end", error);
        Assert.False(StateProofVerifier.TryVerify(Root, key, [RootNode, InnerBranch, LeafC], out _, out error));
        Assert.Contains("does not hash", error);
        Assert.False(StateProofVerifier.TryVerify(Blake2b.Hash256(TopBranch), key, good, out _, out _));
        Assert.False(StateProofVerifier.TryVerify(Root, key, [RootNode, TopBranch, InnerBranch, ProofNodes.Leaf([5], "x"u8.ToArray())], out _, out _));
        Assert.False(StateProofVerifier.TryVerify(Root, key, [], out _, out _));
        Assert.False(StateProofVerifier.TryVerify(Root, key, (IReadOnlyList<byte[]>)null!, out _, out _));
        Assert.False(StateProofVerifier.TryVerify(Root, key, [RootNode, null!, InnerBranch, LeafC], out _, out _));
    }

    [Fact]
    public void TryVerify_RequiresEmptyProof_WhenRootIsEmptyTrie()
    {
        Assert.True(StateProofVerifier.TryVerify(Hash256.Zero, [1, 2], [], out var value, out _));
        Assert.Null(value);
        Assert.False(StateProofVerifier.TryVerify(Hash256.Zero, [1, 2], [LeafA], out _, out _));
    }

    [Fact]
    public void TryVerify_NeverThrows_WhenProofIsRandom()
    {
        Gen.Select(Gen.Byte.Array[0, 4], Gen.Byte.Array[0, 120].Array[0, 4], Gen.Bool).Sample((key, nodes, anchor) =>
        {
            // Anchoring the root on the first random node gets past the hash check into decoding.
            var root = anchor && nodes.Length > 0 ? Blake2b.Hash256(nodes[0]) : Root;
            StateProofVerifier.TryVerify(root, key, nodes, out _, out _);
        }, iter: 20_000);
    }

    [Fact]
    public void TryDecode_RoundTripsProof_AndRejects_WhenBytesAreMalformed()
    {
        var proof = new StateProof([RootNode, TopBranch, LeafA]);
        Assert.True(StateProof.TryDecode(proof.Encode(), out var decoded, out var error), error);
        Assert.Equal(proof.Nodes, decoded!.Nodes);

        var encoded = proof.Encode();
        Assert.False(StateProof.TryDecode(encoded[..^1], out _, out _));
        Assert.False(StateProof.TryDecode([.. encoded, 0], out _, out error));
        Assert.Contains("trailing", error);
        Assert.False(StateProof.TryDecode([0xfe, 0xff, 0xff, 0xff], out _, out _));

        Gen.Byte.Array[0, 64].Sample(bytes => { _ = StateProof.TryDecode(bytes, out _, out _); }, iter: 10_000);
    }

    private static byte[][] ProofFor(string key) => key switch
    {
        "12" or "1234" => [RootNode, TopBranch, LeafA],
        "13" or "1356" => [RootNode, TopBranch, InnerBranch],
        "1345" or "1346" or "134567" => [RootNode, TopBranch, InnerBranch, LeafC],
        "14" => [RootNode, TopBranch],
        _ => [RootNode],
    };

    private static Hash256[] Children(params (int Nibble, byte[] Node)[] entries)
    {
        var children = new Hash256[16];
        foreach (var (nibble, node) in entries)
        {
            children[nibble] = Blake2b.Hash256(node);
        }

        return children;
    }
}
