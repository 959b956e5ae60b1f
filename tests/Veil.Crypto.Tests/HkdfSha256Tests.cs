using System.Security.Cryptography;
using Veil.Core;

namespace Veil.Crypto.Tests;

public class HkdfSha256Tests
{
    private static readonly byte[] Secret = Hex.Decode("0x0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static readonly byte[] Salt = Hex.Decode("0x000102030405060708090a0b0c");

    [Fact]
    public void DeriveKey_MatchesRfc5869_WhenInfoIsLabelNulContext()
    {
        // RFC 5869 test case 1 has info f0..f9; here info = "veil" ‖ 0x00 ‖ context, checked against .NET's HKDF.
        var context = Hex.Decode("0xf0f1f2f3f4f5f6f7f8f9");
        var info = "veil\0"u8.ToArray().Concat(context).ToArray();
        var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, Secret, 42, Salt, info);

        Assert.Equal(expected, HkdfSha256.DeriveKey(Secret, Salt, "veil", 42, context));
    }

    [Fact]
    public void DeriveKey_GivesDifferentKeys_WhenLabelsDiffer()
    {
        var a = HkdfSha256.DeriveKey(Secret, Salt, "veil/command/v1", 32);
        var b = HkdfSha256.DeriveKey(Secret, Salt, "veil/query/v1", 32);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void DeriveKey_SeparatesLabelFromContext_WhenBytesWouldConcatenateEqually()
    {
        var a = HkdfSha256.DeriveKey(Secret, Salt, "ab", 32, "c"u8);
        var b = HkdfSha256.DeriveKey(Secret, Salt, "a", 32, "bc"u8);

        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\0label")]
    public void DeriveKey_Throws_WhenLabelIsMissingOrHasNul(string label)
    {
        Assert.ThrowsAny<ArgumentException>(() => HkdfSha256.DeriveKey(Secret, Salt, label, 32));
    }

    [Fact]
    public void DeriveKey_Throws_WhenOutputIsTooLong()
    {
        Assert.Throws<ArgumentException>(() => HkdfSha256.DeriveKey(Secret, Salt, "x", HkdfSha256.MaxOutputLength + 1));
    }
}
