using CsCheck;
using Veil.Core;

namespace Veil.Crypto.Tests;

public class Ed25519Tests
{
    // RFC 8032 §7.1, TEST 1 (empty message), TEST 2 (one byte) and TEST 3 (two bytes).
    [Theory]
    [InlineData(
        "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "0x",
        "0xe5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData(
        "0x4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "0x72",
        "0x92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData(
        "0xc5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "0xfc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "0xaf82",
        "0x6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Sign_MatchesRfc8032_WhenGivenTestVector(string seed, string publicKey, string message, string signature)
    {
        using var pair = new Ed25519KeyPair(Hex.Decode(seed));

        Assert.Equal(publicKey, Hex.Encode(pair.PublicKeyBytes));
        Assert.Equal(signature, Hex.Encode(pair.Sign(Hex.Decode(message))));
        Assert.True(Ed25519.Verify(Hex.Decode(publicKey), Hex.Decode(message), Hex.Decode(signature)));
    }

    [Fact]
    public void Verify_ReturnsTrue_WhenSignedByTheKey()
    {
        using var pair = Ed25519KeyPair.Generate();
        var message = "transfer 10 to Bob"u8.ToArray();
        Span<byte> signature = stackalloc byte[Ed25519.SignatureSize];

        pair.Sign(message, signature);

        Assert.True(Ed25519.Verify(pair.PublicKeyBytes, message, signature));
        Assert.True(Ed25519.Verify(pair.PublicKey, message, signature));
        Assert.True(pair.Verify(message, signature));
    }

    [Fact]
    public void Verify_ReturnsFalse_WhenAnyBitOfSignatureOrMessageIsFlipped()
    {
        using var pair = Ed25519KeyPair.Generate();
        Gen.Byte.Array[0, 200].Select(Gen.Int, Gen.Int[0, 7]).Sample((message, position, bit) =>
        {
            var signature = pair.Sign(message);
            var badSignature = (byte[])signature.Clone();
            badSignature[(int)((uint)position % Ed25519.SignatureSize)] ^= (byte)(1 << bit);
            Assert.False(Ed25519.Verify(pair.PublicKeyBytes, message, badSignature));

            if (message.Length > 0)
            {
                var badMessage = (byte[])message.Clone();
                badMessage[(int)((uint)position % message.Length)] ^= (byte)(1 << bit);
                Assert.False(Ed25519.Verify(pair.PublicKeyBytes, badMessage, signature));
            }
        }, iter: 300);
    }

    [Fact]
    public void Verify_ReturnsFalse_WhenSignedByAnotherKey()
    {
        using var alice = Ed25519KeyPair.Generate();
        using var bob = Ed25519KeyPair.Generate();
        var message = "hello"u8.ToArray();

        Assert.False(Ed25519.Verify(bob.PublicKeyBytes, message, alice.Sign(message)));
    }

    [Theory]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    [InlineData(0, 0)]
    public void Verify_ReturnsFalse_WhenLengthsAreWrong(int publicKeyLength, int signatureLength)
    {
        Assert.False(Ed25519.Verify(new byte[publicKeyLength], "m"u8, new byte[signatureLength]));
    }

    [Fact]
    public void Verify_ReturnsFalse_WhenKeyAndSignatureAreZero()
    {
        // The all-zero key is a small-order point: libsodium must reject it, not accept forgeries.
        Assert.False(Ed25519.Verify(new byte[32], "m"u8, new byte[64]));
    }

    [Fact]
    public void Verify_DoesNotAllocate_WhenCalledRepeatedly()
    {
        using var pair = Ed25519KeyPair.Generate();
        var message = new byte[128];
        var signature = pair.Sign(message);
        var publicKey = pair.PublicKeyBytes.ToArray();
        Assert.True(Ed25519.Verify(publicKey, message, signature)); // warm up (JIT, static constructors)

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Ed25519.Verify(publicKey, message, signature);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Sign_DoesNotAllocate_WhenGivenSignatureBuffer()
    {
        using var pair = Ed25519KeyPair.Generate();
        var message = new byte[128];
        var signature = new byte[64];
        pair.Sign(message, signature);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            pair.Sign(message, signature);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Sign_Throws_WhenSignatureBufferIsWrongSize()
    {
        using var pair = Ed25519KeyPair.Generate();

        var error = Assert.Throws<ArgumentException>(() => pair.Sign("m"u8, new byte[63]));

        Assert.Equal("signature", error.ParamName);
    }

    [Fact]
    public void Sign_ThrowsObjectDisposed_WhenKeyPairIsDisposed()
    {
        var pair = Ed25519KeyPair.Generate();
        pair.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pair.Sign("m"u8));
    }

    [Fact]
    public void Constructor_Throws_WhenSeedIsNot32Bytes()
    {
        var error = Assert.Throws<ArgumentException>(() => new Ed25519KeyPair(new byte[31]));

        Assert.Contains("32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportSeed_ReturnsTheSeed_WhenKeyWasCreatedFromIt()
    {
        var seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using var pair = new Ed25519KeyPair(seed);
        var exported = new byte[32];

        pair.ExportSeed(exported);

        Assert.Equal(seed, exported);
    }

    [Fact]
    public async Task Verify_AgreesWithPolkadotJs_WhenEitherSideSigns()
    {
        string[] uris = ["//Alice", "//Bob", "//Alice//stash"];
        var messages = new[] { Array.Empty<byte>(), "hello veil"u8.ToArray(), SecureRandom.GetBytes(1000) };
        var veilSigned = new List<object>();
        var polkadotSign = new List<object>();
        var expected = new List<(byte[] PublicKey, byte[] Message, byte[] Signature)>();
        foreach (var uri in uris)
        {
            using var pair = Derivation.KeyDerivation.FromUri(uri);
            foreach (var message in messages)
            {
                var signature = pair.Sign(message);
                expected.Add((pair.PublicKeyBytes.ToArray(), message, signature));
                veilSigned.Add(new { publicKey = Hex.Encode(pair.PublicKeyBytes), message = Hex.Encode(message), signature = Hex.Encode(signature) });
                polkadotSign.Add(new { uri, message = Hex.Encode(message) });
            }
        }

        // A tampered signature must fail on the reference side too, or the check proves nothing.
        var tampered = (byte[])expected[1].Signature.Clone();
        tampered[0] ^= 1;
        veilSigned.Add(new { publicKey = Hex.Encode(expected[1].PublicKey), message = Hex.Encode(expected[1].Message), signature = Hex.Encode(tampered) });

        var result = await NodeReference.RunAsync("ed25519-keyring.mjs", new { verify = veilSigned, sign = polkadotSign });

        var verified = result.GetProperty("verified").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        Assert.Equal(expected.Select(_ => true).Append(false), verified);
        var theirSignatures = result.GetProperty("signatures").EnumerateArray().Select(e => Hex.Decode(e.GetString()!)).ToArray();
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Ed25519.Verify(expected[i].PublicKey, expected[i].Message, theirSignatures[i]));
            Assert.Equal(expected[i].Signature, theirSignatures[i]); // Ed25519 is deterministic
        }
    }
}
