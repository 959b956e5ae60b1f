using Veil.Core;

namespace Veil.Crypto.Tests;

public class X25519Tests
{
    // RFC 7748 §6.1.
    private const string AlicePrivate = "0x77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "0x8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivate = "0x5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublic = "0xde9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string Shared = "0x4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    [Fact]
    public void TryAgree_MatchesRfc7748_WhenGivenTestVector()
    {
        using var alice = new X25519KeyPair(Hex.Decode(AlicePrivate));
        using var bob = new X25519KeyPair(Hex.Decode(BobPrivate));
        var aliceShared = new byte[32];
        var bobShared = new byte[32];

        Assert.Equal(AlicePublic, Hex.Encode(alice.PublicKey));
        Assert.Equal(BobPublic, Hex.Encode(bob.PublicKey));
        Assert.True(alice.TryAgree(bob.PublicKey, aliceShared));
        Assert.True(bob.TryAgree(alice.PublicKey, bobShared));
        Assert.Equal(Shared, Hex.Encode(aliceShared));
        Assert.Equal(Shared, Hex.Encode(bobShared));
    }

    [Fact]
    public void TryAgree_ProducesSameSecret_WhenKeysAreRandom()
    {
        using var a = X25519KeyPair.Generate();
        using var b = X25519KeyPair.Generate();
        var ab = new byte[32];
        var ba = new byte[32];

        Assert.True(a.TryAgree(b.PublicKey, ab));
        Assert.True(b.TryAgree(a.PublicKey, ba));
        Assert.Equal(ab, ba);
    }

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0x0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")]
    public void TryAgree_ReturnsFalse_WhenPeerKeyHasLowOrder(string peer)
    {
        using var pair = X25519KeyPair.Generate();
        var shared = new byte[32];
        shared.AsSpan().Fill(0xAA);

        Assert.False(pair.TryAgree(Hex.Decode(peer), shared));
        Assert.All(shared, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryAgree_ReturnsFalse_WhenPeerKeyHasWrongLength()
    {
        using var pair = X25519KeyPair.Generate();

        Assert.False(pair.TryAgree(new byte[31], new byte[32]));
    }
}
