using System.Buffers.Binary;
using CsCheck;
using Veil.Protocol.Confidential;

namespace Veil.Protocol.Tests.Confidential;

public class PlaintextPaddingTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 64)]
    [InlineData(60, 64)]
    [InlineData(61, 256)]
    [InlineData(252, 256)]
    [InlineData(253, 1024)]
    [InlineData(4092, 4096)]
    [InlineData(65532, 65536)]
    [InlineData(65533, 131072)]
    public void PaddedLength_IsSmallestBucketThatFits_WhenPlaintextHasLength(int length, int expected)
        => Assert.Equal(expected, PlaintextPadding.PaddedLength(length));

    [Fact]
    public void Pad_WritesLengthPrefixThenPlaintextThenZeros()
    {
        var padded = PlaintextPadding.Pad([0xaa, 0xbb, 0xcc]);

        Assert.Equal(64, padded.Length);
        Assert.Equal("03000000aabbcc", Convert.ToHexStringLower(padded.AsSpan(0, 7)));
        Assert.All(padded[7..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryUnpad_ReturnsPlaintext_ForAnyPaddedPlaintext()
    {
        Gen.Byte.Array[0, 5000].Sample(plaintext =>
        {
            var padded = PlaintextPadding.Pad(plaintext);
            Assert.True(PlaintextPadding.IsPaddedLength(padded.Length));
            Assert.True(PlaintextPadding.TryUnpad(padded, out var unpadded, out var error), error);
            Assert.Equal(plaintext, unpadded.ToArray());
        });
    }

    [Fact]
    public void TryUnpad_Refuses_WhenPaddingHoldsNonZeroByte()
    {
        var padded = PlaintextPadding.Pad([1, 2, 3]);
        padded[^1] = 1;

        Assert.False(PlaintextPadding.TryUnpad(padded, out _, out var error));
        Assert.Equal("padding holds non-zero bytes", error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(100)]
    public void TryUnpad_Refuses_WhenLengthIsNotABucket(int length)
    {
        Assert.False(PlaintextPadding.TryUnpad(new byte[length], out _, out var error));
        Assert.Contains("not a padding bucket", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnpad_Refuses_WhenLengthPrefixExceedsBucket()
    {
        var padded = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(padded, 61);

        Assert.False(PlaintextPadding.TryUnpad(padded, out _, out var error));
        Assert.Contains("claims 61 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnpad_Refuses_WhenPlaintextBelongsInSmallerBucket()
    {
        var padded = new byte[256];
        BinaryPrimitives.WriteUInt32LittleEndian(padded, 10);

        Assert.False(PlaintextPadding.TryUnpad(padded, out _, out var error));
        Assert.Contains("belongs in a 64-byte bucket", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnpad_NeverThrows_WhenInputIsRandom()
    {
        Gen.Byte.Array[0, 300].Sample(bytes => { _ = PlaintextPadding.TryUnpad(bytes, out _, out _); });
    }
}
