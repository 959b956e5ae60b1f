using Veil.Crypto.Derivation;

namespace Veil.Crypto.Tests;

public class SecretUriTests
{
    [Theory]
    [InlineData("//Alice", true, "//", null)]
    [InlineData("//Alice//stash", true, "////", null)]
    [InlineData("//Alice/soft//hard", true, "/////", null)]
    [InlineData("//Alice///pass/word", true, "//", "pass/word")]
    [InlineData("///password", true, "", "password")]
    [InlineData("foo bar//a", false, "//", null)]
    [InlineData("0xabcd//0///", false, "//", "")]
    public void TryParse_SplitsPhrasePathAndPassword_WhenUriIsWellFormed(string uri, bool isDev, string hardness, string? password)
    {
        Assert.True(SecretUri.TryParse(uri, out var parsed, out var error), error);

        Assert.Equal(isDev, parsed.IsDevPhrase);
        Assert.Equal(password, parsed.Password);
        Assert.Equal(hardness, string.Concat(parsed.Junctions.Select(j => j.IsHard ? "//" : "/")));
    }

    [Fact]
    public void Parse_UsesDevPhrase_WhenPhraseIsOmitted()
    {
        Assert.Equal(SecretUri.DevPhrase, SecretUri.Parse("//Alice").Phrase);
        Assert.True(SecretUri.Parse("0x00//x").IsHexSeed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("//")]
    [InlineData("//a//")]
    [InlineData("//a/")]
    [InlineData("a.b//c")]
    public void TryParse_ReturnsFalseWithError_WhenUriIsMalformed(string? uri)
    {
        Assert.False(SecretUri.TryParse(uri, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void ToString_HidesPhraseAndPassword_WhenPrinted()
    {
        var uri = SecretUri.Parse("legal winner thank year wave sausage worth useful legal winner thank yellow//x///hunter2");

        var text = uri.ToString();

        Assert.DoesNotContain("legal", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }
}
