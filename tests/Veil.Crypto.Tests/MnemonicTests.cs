using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Veil.Core;
using Veil.Crypto.Derivation;

namespace Veil.Crypto.Tests;

public class MnemonicTests
{
    [Fact]
    public void EnglishWords_AreTheBip39List_WhenHashed()
    {
        var text = string.Join('\n', Mnemonic.EnglishWords) + "\n";

        // SHA-256 of bitcoin/bips bip-0039/english.txt.
        Assert.Equal("0x2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda", Hex.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    // Trezor's BIP39 reference vectors (python-mnemonic vectors.json).
    [Theory]
    [InlineData("0x00000000000000000000000000000000", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")]
    [InlineData("0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f", "legal winner thank year wave sausage worth useful legal winner thank yellow")]
    [InlineData("0x80808080808080808080808080808080", "letter advice cage absurd amount doctor acoustic avoid letter advice cage above")]
    [InlineData("0xffffffffffffffffffffffffffffffff", "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art")]
    [InlineData("0x68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c", "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy gospel tennis maple dilemma loan word shrug inflict delay length")]
    [InlineData("0x0460ef47585604c5660618db2e6a7e7f", "afford alter spike radar gate glance object seek swamp infant panel yellow")]
    public void FromEntropy_MatchesBip39Vectors_WhenGivenEntropy(string entropy, string phrase)
    {
        Assert.Equal(phrase, Mnemonic.FromEntropy(Hex.Decode(entropy)));
        Assert.Equal(entropy, Hex.Encode(Mnemonic.GetEntropy(phrase)));
    }

    [Fact]
    public void GetEntropy_RoundTrips_WhenGivenAnyValidEntropy()
    {
        Gen.Int[4, 8].SelectMany(words => Gen.Byte.Array[words * 4]).Sample(entropy =>
        {
            var phrase = Mnemonic.FromEntropy(entropy);

            Assert.Equal(entropy.Length * 3 / 4, phrase.Split(' ').Length);
            Assert.Equal(entropy, Mnemonic.GetEntropy(phrase));
        }, iter: 200);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(18)]
    [InlineData(21)]
    [InlineData(24)]
    public void Generate_ReturnsValidPhrase_WhenWordCountIsAllowed(int words)
    {
        var phrase = Mnemonic.Generate(words);

        Assert.Equal(words, phrase.Split(' ').Length);
        Assert.True(Mnemonic.IsValid(phrase));
        Assert.NotEqual(phrase, Mnemonic.Generate(words));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(25)]
    public void Generate_Throws_WhenWordCountIsNotAllowed(int words)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mnemonic.Generate(words));
    }

    [Fact]
    public void IsValid_AcceptsExtraSpacesAndCapitals_WhenWordsAreRight()
    {
        Assert.True(Mnemonic.IsValid("  Legal winner  thank year wave sausage worth useful legal winner thank YELLOW "));
    }

    [Fact]
    public void TryGetEntropy_ReportsChecksum_WhenOneWordIsSwapped()
    {
        // Changing any single word of a valid phrase almost always breaks the 4-bit checksum.
        const string phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

        Assert.False(Mnemonic.TryGetEntropy(phrase.Replace("yellow", "zoo", StringComparison.Ordinal), out var entropy, out var error));
        Assert.Null(entropy);
        Assert.Equal("the mnemonic checksum does not match: a word is mistyped, missing or out of order", error);
    }

    [Fact]
    public void GetEntropy_NamesTheBadWord_WhenAWordIsUnknown()
    {
        var error = Assert.Throws<FormatException>(() => Mnemonic.GetEntropy("legal winner thank year wave sausage worth useful legal winnr thank yellow"));

        Assert.Equal("Invalid mnemonic: word 10 of 12 is not in the BIP39 English word list.", error.Message);
        Assert.DoesNotContain("winnr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMiniSecret_MatchesSubstrateBip39_WhenGivenItsTestVector()
    {
        // substrate-bip39's own test: entropy of "legal winner … yellow", password "Substrate".
        var entropy = Mnemonic.GetEntropy("legal winner thank year wave sausage worth useful legal winner thank yellow");
        var miniSecret = new byte[32];

        Mnemonic.ToMiniSecret(entropy, "Substrate", miniSecret);

        Assert.Equal("0x4313249608fe8ac10fd5886c92c4579007272cb77c21551ee5b8d60b78041685", Hex.Encode(miniSecret));
    }
}
