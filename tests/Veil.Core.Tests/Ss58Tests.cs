using CsCheck;

namespace Veil.Core.Tests;

public class Ss58Tests
{
    private const string AlicePublicKey = "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee";
    private const string AliceAddress = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu";

    private static readonly Gen<ushort> AnyPrefix = Gen.OneOf(Gen.UShort[0, 63], Gen.UShort[64, 16383]).Where(p => p is not 46 and not 47);

    [Fact]
    public void Encode_MatchesKnownAddress_WhenGivenAliceEd25519Key()
    {
        Assert.Equal(AliceAddress, Ss58.Encode(Hex.Decode(AlicePublicKey)));
        Assert.True(Ss58.TryDecode(AliceAddress, out var account, out var prefix, out var error), error);
        Assert.Equal(42, prefix);
        Assert.Equal(AlicePublicKey, Hex.Encode(account.ToArray()));
    }

    [Fact]
    public void TryDecode_RoundTrips_WhenGivenAnyKeyAndPrefix()
    {
        Gen.Byte.Array[32].Select(AnyPrefix).Sample((key, prefix) =>
        {
            var address = Ss58.Encode(key, prefix);

            Assert.True(Ss58.TryDecode(address, out var account, out var decodedPrefix, out var error), error);
            Assert.Equal(prefix, decodedPrefix);
            Assert.Equal(key, account.ToArray());
        }, iter: 2000);
    }

    [Fact]
    public void TryDecode_RejectsChecksum_WhenAnyCharacterIsMistyped()
    {
        // Every single-character substitution of Alice's address, deterministically: a 16-bit checksum
        // lets ~1 in 65,536 typos through, and none of these 47 × 48 is one of them.
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        var accepted = 0;
        for (var i = 0; i < AliceAddress.Length; i++)
        {
            foreach (var c in alphabet)
            {
                if (c == AliceAddress[i])
                {
                    continue;
                }

                var typo = AliceAddress[..i] + c + AliceAddress[(i + 1)..];
                if (Ss58.TryDecode(typo, out _, out _, out _))
                {
                    accepted++;
                }
            }
        }

        Assert.Equal(0, accepted);
    }

    [Theory]
    [InlineData("", "address is empty")]
    [InlineData("5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpv", "checksum does not match")]
    [InlineData("5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTp0", "outside the base58 alphabet")]
    [InlineData("5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TT", "address decodes to")]
    [InlineData("1", "address decodes to 1 bytes")]
    public void TryDecode_ReturnsClearError_WhenAddressIsBad(string address, string message)
    {
        Assert.False(Ss58.TryDecode(address, out _, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenGivenRandomText()
    {
        // Actions, not predicates: a false result is expected here, only an exception fails.
        Gen.String.Sample(text => { Ss58.TryDecode(text, out _, out _, out _); }, iter: 5000);
        Gen.Byte.Array[0, 50].Sample(bytes => { Ss58.TryDecode(Base58.Encode(bytes), out _, out _, out _); }, iter: 5000);
    }

    [Fact]
    public void TryDecode_FailsQuietly_WhenTextIsHuge()
    {
        Assert.False(Ss58.TryDecode(new string('z', 5000), out _, out _, out _));
    }

    [Theory]
    [InlineData(46)]
    [InlineData(47)]
    [InlineData(16384)]
    public void Encode_Throws_WhenPrefixIsReservedOrTooLarge(int prefix)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ss58.Encode(new byte[32], (ushort)prefix));
    }

    [Fact]
    public void Encode_Throws_WhenKeyIsNot32Bytes()
    {
        Assert.Throws<ArgumentException>(() => Ss58.Encode(new byte[33]));
    }

    [Fact]
    public void Base58_RoundTrips_WhenGivenAnyBytesIncludingLeadingZeros()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            Assert.True(Base58.TryDecode(Base58.Encode(bytes), out var decoded));
            Assert.Equal(bytes, decoded);
        }, iter: 2000);
        Assert.Equal("1112", Base58.Encode([0, 0, 0, 1]));
    }

    [Theory]
    [InlineData("0x00ff", true)]
    [InlineData("0X00FF", true)]
    [InlineData("00ff", false)]
    [InlineData("0x0", false)]
    [InlineData("0xzz", false)]
    [InlineData(null, false)]
    public void Hex_TryDecode_AcceptsOnlyPrefixedEvenHex_WhenGivenText(string? text, bool valid)
    {
        Assert.Equal(valid, Hex.TryDecode(text, out var bytes, out var error));
        Assert.Equal(valid, error.Length == 0);
        if (valid)
        {
            Assert.Equal([0x00, 0xff], bytes);
        }
    }
}
