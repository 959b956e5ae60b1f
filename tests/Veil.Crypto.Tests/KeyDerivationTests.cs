using Veil.Core;
using Veil.Crypto.Derivation;

namespace Veil.Crypto.Tests;

public class KeyDerivationTests
{
    private const string Mnemonic12 = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string Mnemonic24 = "void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing screen patrol group space point ten exist slush involve unfold";
    private const string HexSeed = "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    // Frozen from polkadot.js 14.0.3 (keyring type 'ed25519') and subkey --scheme ed25519.
    [Theory]
    [InlineData("//Alice", "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee", "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu")]
    [InlineData("//Alice//stash", "0x451781cd0c5504504f69ceec484cc66e4c22a2b6a9d20fb1a426d91ad074a2a8", "5DdJ9KX9gm9UvZpcpY6av29Q4uzbjuHdp5zEmV6FCh2FXiBc")]
    public void FromUri_MatchesSubstrate_WhenGivenDevUri(string uri, string publicKey, string address)
    {
        using var pair = KeyDerivation.FromUri(uri);

        Assert.Equal(publicKey, Hex.Encode(pair.PublicKeyBytes));
        Assert.Equal(address, pair.PublicKey.ToSs58());
    }

    [Fact]
    public void FromUri_EqualsExplicitDevPhrase_WhenPhraseIsOmitted()
    {
        using var implicitDev = KeyDerivation.FromUri("//Bob");
        using var explicitDev = KeyDerivation.FromUri(SecretUri.DevPhrase + "//Bob");

        Assert.Equal(explicitDev.PublicKey, implicitDev.PublicKey);
    }

    [Fact]
    public void FromUri_UsesSeedDirectly_WhenGivenHexSeed()
    {
        using var fromUri = KeyDerivation.FromUri(HexSeed);
        using var fromSeed = new Ed25519KeyPair(Hex.Decode(HexSeed));

        Assert.Equal("0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Hex.Encode(fromUri.PublicKeyBytes));
        Assert.Equal(fromSeed.PublicKey, fromUri.PublicKey);
    }

    [Fact]
    public void DeriveHard_MatchesSubstrateFormula_WhenComputedByHand()
    {
        var seed = Hex.Decode(HexSeed);
        var junction = DeriveJunction.Hard("Alice");
        var manual = new byte[12 + 32 + 32];
        manual[0] = 11 << 2; // SCALE compact length of "Ed25519HDKD"
        "Ed25519HDKD"u8.CopyTo(manual.AsSpan(1));
        seed.CopyTo(manual, 12);
        junction.ChainCode.CopyTo(manual.AsSpan(44));
        var expected = Veil.Core.Hashing.Blake2b.Hash256(manual).ToArray();
        var child = new byte[32];

        KeyDerivation.DeriveHard(seed, junction, child);

        Assert.Equal(expected, child);
    }

    [Fact]
    public void DevAccounts_AreTheDevUris_WhenLookedUpByName()
    {
        Assert.Equal(["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"], DevAccounts.Names);
        Assert.Equal("5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu", DevAccounts.Alice.ToSs58());
        using var ferdie = DevAccounts.KeyPair("Ferdie");
        Assert.Equal(DevAccounts.Ferdie, ferdie.PublicKey);
        AccountId[] all = [DevAccounts.Alice, DevAccounts.Bob, DevAccounts.Charlie, DevAccounts.Dave, DevAccounts.Eve, DevAccounts.Ferdie];
        Assert.Equal(6, all.Distinct().Count());
    }

    [Theory]
    [InlineData("//Alice/soft", "junction 2 is soft")]
    [InlineData("/soft", "junction 1 is soft")]
    [InlineData(Mnemonic12 + "/0", "Ed25519 supports only hard derivation")]
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank yellowx", "word 12 of 12 is not in the BIP39 English word list")]
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank thank", "checksum does not match")]
    [InlineData("legal winner thank", "12, 15, 18, 21 or 24 words, not 3")]
    [InlineData("0x1234", "a hex seed must be 32 bytes")]
    [InlineData("0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7fzz", "not valid hex")]
    [InlineData("//Alice//", "empty junction")]
    [InlineData("my-phrase//Alice", "the phrase contains '-'")]
    [InlineData("", "empty")]
    public void FromUri_ThrowsClearFormatException_WhenInputIsBad(string uri, string expectedMessage)
    {
        var error = Assert.Throws<FormatException>(() => KeyDerivation.FromUri(uri));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.False(KeyDerivation.TryFromUri(uri, out var pair, out var message));
        Assert.Null(pair);
        Assert.Contains(expectedMessage, message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromUri_IgnoresPassword_WhenSeedIsHex()
    {
        // Substrate and polkadot.js both ignore a password on a raw seed; so does Veil.
        using var plain = KeyDerivation.FromUri(HexSeed);
        using var withPassword = KeyDerivation.FromUri(HexSeed + "///secret");

        Assert.Equal(plain.PublicKey, withPassword.PublicKey);
    }

    [Fact]
    public void FromUri_ChangesKey_WhenPasswordChanges()
    {
        using var plain = KeyDerivation.FromUri(Mnemonic12);
        using var withPassword = KeyDerivation.FromUri(Mnemonic12 + "///secret");

        Assert.NotEqual(plain.PublicKey, withPassword.PublicKey);
    }

    [Fact]
    public async Task FromUri_MatchesPolkadotJsKeyring_WhenGivenSecretUris()
    {
        var generated = Mnemonic.Generate();
        var generated24 = Mnemonic.Generate(24);
        string[] uris =
        [
            "//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie",
            "//Alice//stash", "//Bob//stash",
            "//0", "//1", "//007", "//18446744073709551615",
            "//" + new string('x', 31), // SCALE encoding exactly 32 bytes: used as is
            "//" + new string('x', 32), // 33 bytes: hashed with BLAKE2b-256
            "//this junction name is far longer than thirty-two bytes",
            "//Ünïcödé",
            "//Alice///password",
            SecretUri.DevPhrase + "//Alice",
            Mnemonic12,
            Mnemonic12 + "//hard//0",
            Mnemonic12 + "///password",
            Mnemonic12 + "//polkadot//1///a password with spaces and /slashes/",
            Mnemonic24,
            generated,
            generated + "//0",
            generated24 + "///pw",
            HexSeed,
            HexSeed + "//Alice",
        ];

        var result = await NodeReference.RunAsync("ed25519-keyring.mjs", new { uris });

        var keys = result.GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal(uris.Length, keys.Length);
        for (var i = 0; i < uris.Length; i++)
        {
            Assert.False(keys[i].TryGetProperty("error", out var error), $"polkadot.js rejected '{uris[i]}': {error}");
            using var pair = KeyDerivation.FromUri(uris[i]);
            var expectedKey = keys[i].GetProperty("publicKey").GetString();
            var expectedAddress = keys[i].GetProperty("address").GetString();
            Assert.True(expectedKey == Hex.Encode(pair.PublicKeyBytes), $"public key differs for '{uris[i]}'");
            Assert.True(expectedAddress == pair.PublicKey.ToSs58(), $"SS58 address differs for '{uris[i]}'");
        }
    }

    [Fact]
    public async Task FromUri_FailsLikePolkadotJs_WhenPathHasSoftJunction()
    {
        string[] uris = ["//Alice/soft", Mnemonic12 + "/0"];

        var result = await NodeReference.RunAsync("ed25519-keyring.mjs", new { uris });

        foreach (var key in result.GetProperty("keys").EnumerateArray())
        {
            Assert.True(key.TryGetProperty("error", out _));
        }

        foreach (var uri in uris)
        {
            Assert.False(KeyDerivation.TryFromUri(uri, out _, out _));
        }
    }
}
