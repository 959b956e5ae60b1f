using CsCheck;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Protocol.Proofs;

namespace Veil.Protocol.Tests.Proofs;

public sealed class TrieNodeCodecTests
{
    private static readonly Hash256 A = Blake2b.Hash256("a"u8);
    private static readonly Hash256 B = Blake2b.Hash256("b"u8);

    [Fact]
    public void Encoding_MatchesGoldenBytes_ForEachKind()
    {
        // Frozen: node hashes, and so every state root, depend on these bytes.
        Assert.Equal("00" + "0c" + "1230" + "08" + "abcd", Convert.ToHexStringLower(ProofNodes.Leaf([1, 2, 3], [0xAB, 0xCD])));
        Assert.Equal("01" + "04" + "f0" + Hex(A), Convert.ToHexStringLower(ProofNodes.Extension([0xF], A)));
        var children = new Hash256[16];
        children[0] = A;
        children[15] = B;
        Assert.Equal("02" + "0180" + Hex(A) + Hex(B) + "00", Convert.ToHexStringLower(ProofNodes.Branch(children, null)));
        Assert.Equal("02" + "0180" + Hex(A) + Hex(B) + "01" + "04" + "ff", Convert.ToHexStringLower(ProofNodes.Branch(children, [0xFF])));
    }

    [Fact]
    public void TryDecode_RoundTrips_ForEveryKind()
    {
        Assert.True(TrieNodeCodec.TryDecode(ProofNodes.Leaf([1, 2, 3], [9]), out var leaf, out var error), error);
        Assert.Equal(TrieNodeKind.Leaf, leaf!.Kind);
        Assert.Equal([1, 2, 3], leaf.Path);
        Assert.Equal([9], leaf.Value!);

        Assert.True(TrieNodeCodec.TryDecode(ProofNodes.Extension([4, 5], A), out var extension, out error), error);
        Assert.Equal([4, 5], extension!.Path);
        Assert.Equal(A, extension.Child);

        var children = new Hash256[16];
        children[3] = B;
        Assert.True(TrieNodeCodec.TryDecode(ProofNodes.Branch(children, []), out var branch, out error), error);
        Assert.Equal(children, branch!.Children);
        Assert.Equal([], branch.Value!);
    }

    [Theory]
    [InlineData("03", "unknown trie node variant")]
    [InlineData("0100" + "0000000000000000000000000000000000000000000000000000000000000000", "empty path")]
    [InlineData("000431" + "00", "padding")]
    [InlineData("0004000000", "trailing")]
    [InlineData("02000000", "not canonical")]
    [InlineData("02" + "0100" + "0000000000000000000000000000000000000000000000000000000000000000" + "00", "not canonical")]
    [InlineData("0008", "ends early")]
    [InlineData("00fdffffff00", "exceeds")]
    public void TryDecode_Rejects_WhenNodeIsMalformedOrNotCanonical(string hex, string reason)
    {
        Assert.False(TrieNodeCodec.TryDecode(Convert.FromHexString(hex), out var node, out var error));
        Assert.Null(node);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenBytesAreRandom()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            var ok = TrieNodeCodec.TryDecode(bytes, out var node, out var error);
            Assert.Equal(ok, node is not null);
            Assert.Equal(ok, error.Length == 0);
        }, iter: 20_000);

        // Random bytes behind a valid tag reach the deeper decoding paths.
        Gen.Select(Gen.Byte[0, 2], Gen.Byte.Array[0, 600]).Sample((tag, rest) => { _ = TrieNodeCodec.TryDecode([tag, .. rest], out _, out _); }, iter: 20_000);
    }

    private static string Hex(Hash256 hash) => Convert.ToHexStringLower(hash.ToArray());
}
