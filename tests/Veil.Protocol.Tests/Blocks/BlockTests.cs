using CsCheck;
using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Protocol.Tests.Blocks;

public class BlockTests
{
    [Fact]
    public void Encode_IsHeaderThenCompactCountThenOpaqueExtrinsics()
    {
        var block = SampleBlocks.Block;

        var expected = block.Header.Encode().Concat(new byte[] { 2 << 2 }).Concat(block.Extrinsics[0]).Concat(block.Extrinsics[1]).ToArray();
        Assert.Equal(Hex.Encode(expected), Hex.Encode(block.Encode()));
        Assert.Equal("0x6de79a65bb5b382afa30334491a0e68349d48a5c4fe55c0068ca4b8017a21842", Veil.Core.Hashing.Blake2b.Hash256(block.Encode()).ToString());
    }

    [Fact]
    public void TryDecode_RoundTrips_ForAnyBlock()
    {
        SampleBlocks.AnyBlock.Sample(block =>
        {
            Assert.True(Block.TryDecode(block.Encode(), out var decoded, out var error), error);
            Assert.Equal(block.Header, decoded.Header);
            Assert.Equal(block.Extrinsics.Count, decoded.Extrinsics.Count);
            for (var i = 0; i < block.Extrinsics.Count; i++)
            {
                Assert.Equal(block.Extrinsics[i], decoded.Extrinsics[i]);
            }
        }, iter: 300);
    }

    [Fact]
    public void TryDecode_ReturnsError_WhenExtrinsicCountIsForged()
    {
        var header = SampleBlocks.Header.Encode();
        byte[] forged = [.. header, 0xfe, 0xff, 0xff, 0xff]; // compact count ≈ 2^30 with nothing behind it

        Assert.False(Block.TryDecode(forged, out _, out var error));
        Assert.Contains("exceeds the limit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenInputIsRandomBytes()
    {
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            if (!Block.TryDecode(bytes, out _, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }, iter: 3000);
    }

    [Fact]
    public void TryDecode_ReturnsErrorOrCanonicalBlock_WhenEncodingIsMutated()
    {
        Gen.Select(SampleBlocks.AnyBlock, ByteMutation.Any).Sample((block, mutation) =>
        {
            var mutated = mutation.Apply(block.Encode());
            if (Block.TryDecode(mutated, out var decoded, out var error))
            {
                Assert.Equal(mutated, decoded.Encode());
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }, iter: 2000);
    }
}
