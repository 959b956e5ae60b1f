using CsCheck;
using Veil.Core;

namespace Veil.Crypto.Tests;

public class Aes256GcmTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Nonce = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();

    // NIST GCM spec (McGrew & Viega) test cases 13 and 14: AES-256, zero key and IV.
    [Theory]
    [InlineData("0x", "0x530f8afbc74536b9a963b4f1c4cb738b")]
    [InlineData("0x00000000000000000000000000000000", "0xcea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")]
    public void Seal_MatchesNistVector_WhenKeyAndNonceAreZero(string plaintext, string sealedMessage)
    {
        using var aes = new Aes256Gcm(new byte[32]);

        Assert.Equal(sealedMessage, Hex.Encode(aes.Seal(new byte[12], Hex.Decode(plaintext))));
    }

    [Fact]
    public void TryOpen_RoundTrips_WhenNothingIsTampered()
    {
        Gen.Byte.Array[0, 300].Select(Gen.Byte.Array[0, 40]).Sample((plaintext, ad) =>
        {
            using var aes = new Aes256Gcm(Key);
            var sealedMessage = aes.Seal(Nonce, plaintext, ad);

            Assert.Equal(plaintext.Length + Aes256Gcm.TagSize, sealedMessage.Length);
            Assert.True(aes.TryOpen(Nonce, sealedMessage, ad, out var opened));
            Assert.Equal(plaintext, opened);
        }, iter: 200);
    }

    [Fact]
    public void TryOpen_ReturnsFalse_WhenAnyBitOfSealedMessageIsFlipped()
    {
        // One instance per iteration: CsCheck samples on several threads and Aes256Gcm is not thread-safe.
        Gen.Byte.Array[0, 100].Select(Gen.Int, Gen.Int[0, 7]).Sample((plaintext, position, bit) =>
        {
            using var aes = new Aes256Gcm(Key);
            var sealedMessage = aes.Seal(Nonce, plaintext, "ad"u8);
            sealedMessage[(int)((uint)position % sealedMessage.Length)] ^= (byte)(1 << bit);
            var output = new byte[plaintext.Length];

            Assert.False(aes.TryOpen(Nonce, sealedMessage, output, "ad"u8));
            Assert.All(output, b => Assert.Equal(0, b));
        }, iter: 200);
    }

    [Fact]
    public void TryOpen_ReturnsFalse_WhenTagIsTampered()
    {
        using var aes = new Aes256Gcm(Key);
        var sealedMessage = aes.Seal(Nonce, "secret order"u8);
        sealedMessage[^1] ^= 0x80;

        Assert.False(aes.TryOpen(Nonce, sealedMessage, default, out var plaintext));
        Assert.Empty(plaintext);
    }

    [Fact]
    public void TryOpen_ReturnsFalse_WhenAssociatedDataDiffers()
    {
        using var aes = new Aes256Gcm(Key);
        var sealedMessage = aes.Seal(Nonce, "secret order"u8, "contract-1"u8);

        Assert.False(aes.TryOpen(Nonce, sealedMessage, "contract-2"u8, out _));
        Assert.False(aes.TryOpen(Nonce, sealedMessage, default, out _));
    }

    [Fact]
    public void TryOpen_ReturnsFalse_WhenNonceOrKeyDiffers()
    {
        using var aes = new Aes256Gcm(Key);
        using var other = new Aes256Gcm(new byte[32]);
        var sealedMessage = aes.Seal(Nonce, "secret order"u8);
        var otherNonce = (byte[])Nonce.Clone();
        otherNonce[0] ^= 1;

        Assert.False(aes.TryOpen(otherNonce, sealedMessage, default, out _));
        Assert.False(other.TryOpen(Nonce, sealedMessage, default, out _));
    }

    [Theory]
    [InlineData(0, 12)]
    [InlineData(15, 12)]
    [InlineData(20, 11)]
    [InlineData(20, 13)]
    public void TryOpen_ReturnsFalse_WhenInputIsMalformed(int sealedLength, int nonceLength)
    {
        using var aes = new Aes256Gcm(Key);

        Assert.False(aes.TryOpen(new byte[nonceLength], new byte[sealedLength], default, out _));
    }

    [Fact]
    public void Seal_Throws_WhenNonceIsWrongSize()
    {
        using var aes = new Aes256Gcm(Key);

        var error = Assert.Throws<ArgumentException>(() => aes.Seal(new byte[8], "x"u8));

        Assert.Equal("nonce", error.ParamName);
    }

    [Fact]
    public void Constructor_Throws_WhenKeyIsNot32Bytes()
    {
        Assert.Throws<ArgumentException>(() => new Aes256Gcm(new byte[16]));
    }
}
