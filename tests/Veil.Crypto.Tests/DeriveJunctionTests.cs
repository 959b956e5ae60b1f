using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto.Derivation;

namespace Veil.Crypto.Tests;

public class DeriveJunctionTests
{
    [Theory]
    [InlineData("1", "0x0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("007", "0x0700000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("18446744073709551615", "0xffffffffffffffff000000000000000000000000000000000000000000000000")]
    [InlineData("Alice", "0x14416c6963650000000000000000000000000000000000000000000000000000")]
    [InlineData("18446744073709551616", "0x5031383434363734343037333730393535313631360000000000000000000000")]
    [InlineData("-1", "0x082d310000000000000000000000000000000000000000000000000000000000")]
    public void Hard_EncodesLikeSubstrate_WhenNameIsShort(string name, string chainCode)
    {
        var junction = DeriveJunction.Hard(name);

        Assert.True(junction.IsHard);
        Assert.Equal(chainCode, Hex.Encode(junction.ChainCode));
    }

    [Fact]
    public void Hard_HashesEncoding_WhenItIsLongerThan32Bytes()
    {
        var name = new string('x', 32);
        var encoded = new byte[33];
        encoded[0] = 32 << 2;
        System.Text.Encoding.ASCII.GetBytes(name, encoded.AsSpan(1));

        Assert.Equal(Blake2b.Hash256(encoded).ToArray(), DeriveJunction.Hard(name).ChainCode.ToArray());
    }

    [Fact]
    public void Soft_HasSameChainCodeAsHard_WhenNamesMatch()
    {
        var soft = DeriveJunction.Soft("x");

        Assert.False(soft.IsHard);
        Assert.Equal(DeriveJunction.Hard("x").ChainCode.ToArray(), soft.ChainCode.ToArray());
        Assert.Equal(DeriveJunction.Hard(5).ChainCode.ToArray(), DeriveJunction.Hard("5").ChainCode.ToArray());
    }
}
