using Veil.Core.Hashing;

namespace Veil.Core.Tests;

public class HashingTests
{
    // RFC 7693 appendix A ("abc", 512) and the reference implementation's empty-input digests.
    [Theory]
    [InlineData("", 64, "0x786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")]
    [InlineData("abc", 64, "0xba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")]
    [InlineData("", 32, "0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")]
    [InlineData("abc", 32, "0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")]
    [InlineData("The quick brown fox jumps over the lazy dog", 32, "0x01718cec35cd3d796dd00020e0bfecb473ad23457d063b75eff29c0ffa2e58a9")]
    [InlineData("", 16, "0xcae66941d9efbd404e4d88758ea67670")]
    [InlineData("abc", 16, "0xcf4ab791c62b8d2b2109c90275287816")]
    public void Hash_MatchesKnownDigest_WhenGivenText(string text, int size, string expected)
    {
        var data = System.Text.Encoding.UTF8.GetBytes(text);
        var output = new byte[size];

        Blake2b.Hash(data, output);

        Assert.Equal(expected, Hex.Encode(output));
        var viaHelper = size switch
        {
            16 => Blake2b.Hash128(data),
            32 => Blake2b.Hash256(data).ToArray(),
            _ => Hash512(data),
        };
        Assert.Equal(expected, Hex.Encode(viaHelper));
    }

    [Fact]
    public void Hash_UsesKey_WhenKeyIsGiven()
    {
        var output = new byte[32];

        Blake2b.Hash("abc"u8, output, "key"u8);

        Assert.Equal("0x0330531d097355a3f72e80d55c1245ccf79f1704431c6e3887938320442c23c0", Hex.Encode(output));
    }

    [Fact]
    public void Hash256_WritesIntoArray_WhenOutputIsByteArray()
    {
        // Regression: a byte[] output bound to the former two-input Hash256(first, second) overload
        // (C# 14 span conversions), so the digest was computed and thrown away, leaving zeros.
        var output = new byte[32];

        Blake2b.Hash256("abc"u8, output);

        Assert.Equal("0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", Hex.Encode(output));
    }

    [Fact]
    public void Hash256Concat_EqualsHashOfConcatenation_WhenGivenTwoParts()
    {
        var whole = Blake2b.Hash256("hello world"u8);

        Assert.Equal(whole, Blake2b.Hash256Concat("hello "u8, "world"u8));
        Assert.Equal("0x256c83b297114d201b30179f3f0ef0cace9783622da5974326b436178aeef610", whole.ToString());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65)]
    [InlineData(0)]
    public void Hash_Throws_WhenOutputLengthIsOutOfRange(int size)
    {
        Assert.Throws<ArgumentException>(() => Blake2b.Hash("x"u8, new byte[size]));
    }

    [Fact]
    public void Hash_Throws_WhenKeyIsLongerThan64Bytes()
    {
        Assert.Throws<ArgumentException>(() => Blake2b.Hash("x"u8, new byte[32], new byte[65]));
    }

    // Substrate storage prefixes: twox128 of pallet and item names, as seen in every chain's metadata.
    [Theory]
    [InlineData("System", "0x26aa394eea5630e07c48ae0c9558cef7")]
    [InlineData("Account", "0xb99d880ec681799c0cf30e8886371da9")]
    [InlineData("Balances", "0xc2261276cc9d1f8598ea4b6a74b15c2f")]
    [InlineData("Number", "0x02a5c1b19ab7a04f536c519aca4983ac")]
    [InlineData("TotalIssuance", "0x57c875e4cff74148e4628f264b974c80")]
    public void Twox128_MatchesSubstrate_WhenGivenStorageName(string name, string expected)
    {
        Assert.Equal(expected, Hex.Encode(TwoX.Twox128(name)));
        var output = new byte[16];
        TwoX.Twox128(System.Text.Encoding.UTF8.GetBytes(name), output);
        Assert.Equal(expected, Hex.Encode(output));
    }

    [Fact]
    public void Twox64_IsFirstHalfOfTwox128_WhenGivenSameInput()
    {
        var half = new byte[8];

        TwoX.Twox64("System"u8, half);

        Assert.Equal("0x26aa394eea5630e0", Hex.Encode(half));
    }

    private static byte[] Hash512(byte[] data)
    {
        var output = new byte[64];
        Blake2b.Hash512(data, output);
        return output;
    }
}
