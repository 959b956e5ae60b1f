using CsCheck;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Keys;
using Veil.Enclave.Platform;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Attestation;
using static Veil.Enclave.Tests.Platform.PlatformSamples;

namespace Veil.Enclave.Tests.Keys;

public class EnclaveIdentityTests
{
    private static readonly Hash256 Genesis = new(Enumerable.Repeat((byte)0xc3, 32).ToArray());
    private static readonly AccountId Operator = new(Enumerable.Repeat((byte)0xd4, 32).ToArray());

    [Fact]
    public void TryUnseal_RestoresTheSameKeys_WhenBlobWasSealedByThisPlatform()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var identity = EnclaveIdentity.Generate(platform);

        var blob = identity.Seal(platform);

        Assert.True(EnclaveIdentity.TryUnseal(platform, blob, out var restored, out var error), error);
        using (restored)
        {
            Assert.Equal(identity.IdentityKey, restored.IdentityKey);
            Assert.Equal(identity.EcdhKey, restored.EcdhKey);
            var signature = restored.Signer.Sign("hello"u8);
            Assert.True(Ed25519.Verify(identity.Signer.PublicKeyBytes, "hello"u8, signature));
            AssertSameSharedSecret(identity.Ecdh, restored.Ecdh);
        }
    }

    [Fact]
    public void Generate_GivesSeparateIdentityAndEcdhKeys_AndNewKeysEachTime()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var first = EnclaveIdentity.Generate(platform);
        using var second = EnclaveIdentity.Generate(platform);

        Assert.NotEqual(first.IdentityKey, first.EcdhKey);
        Assert.NotEqual(first.IdentityKey, second.IdentityKey);
        Assert.NotEqual(first.EcdhKey, second.EcdhKey);
    }

    [Fact]
    public void Seal_DoesNotContainTheSecretsInPlaintext()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var identity = EnclaveIdentity.Generate(platform);
        var seed = new byte[32];
        identity.Signer.ExportSeed(seed);

        var blob = identity.Seal(platform);

        Assert.Equal(1 + 64 + SimulatedPlatform.SealOverhead, blob.Length);
        Assert.Equal(-1, blob.AsSpan().IndexOf(seed));
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenAnyByteIsTampered()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var identity = EnclaveIdentity.Generate(platform);
        var blob = identity.Seal(platform);
        for (var i = 0; i < blob.Length; i++)
        {
            var tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x01;

            Assert.False(EnclaveIdentity.TryUnseal(platform, tampered, out var restored, out var error));
            Assert.Null(restored);
            Assert.StartsWith("sealed enclave identity refused: ", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenSealedOnAnotherPlatform()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var foreign = PlatformSamples.NewPlatform(secret: OtherSecret);
        using var identity = EnclaveIdentity.Generate(foreign);

        Assert.False(EnclaveIdentity.TryUnseal(platform, identity.Seal(foreign), out _, out var error));
        Assert.StartsWith("sealed enclave identity refused: sealed data failed authentication", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenEnclaveMeasurementDiffers()
    {
        using var genuine = PlatformSamples.NewPlatform();
        using var tampered = PlatformSamples.NewPlatform(measurement: SimulatedMeasurement.OfIdentity("veil-enclave/sim/v1;tampered"));
        using var identity = EnclaveIdentity.Generate(genuine);

        Assert.False(EnclaveIdentity.TryUnseal(tampered, identity.Seal(genuine), out _, out var error));
        Assert.StartsWith("sealed enclave identity refused: sealed data failed authentication", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenItWasSealedForAnotherPurpose()
    {
        // A genuine sealed blob of the right size, but sealed as something else (e.g. a checkpoint).
        using var platform = PlatformSamples.NewPlatform();

        var other = platform.Seal(new byte[65], "veil/checkpoint"u8);

        Assert.False(EnclaveIdentity.TryUnseal(platform, other, out _, out var error));
        Assert.StartsWith("sealed enclave identity refused: sealed data failed authentication", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, "its contents do not decode")]
    [InlineData(66, "its contents do not decode")]
    public void TryUnseal_RefusesBlob_WhenContentsHaveWrongLength(int length, string expected)
    {
        using var platform = PlatformSamples.NewPlatform();
        var plaintext = new byte[length];
        plaintext[0] = EnclaveIdentity.FormatVersion;

        var blob = platform.Seal(plaintext, "veil/enclave-identity"u8);

        Assert.False(EnclaveIdentity.TryUnseal(platform, blob, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenFormatVersionIsUnknown()
    {
        using var platform = PlatformSamples.NewPlatform();
        var plaintext = new byte[65];
        plaintext[0] = 2;

        var blob = platform.Seal(plaintext, "veil/enclave-identity"u8);

        Assert.False(EnclaveIdentity.TryUnseal(platform, blob, out _, out var error));
        Assert.Equal("sealed enclave identity refused: format version 2, this enclave reads version 1", error);
    }

    [Fact]
    public void TryUnseal_NeverThrows_WhenBlobIsRandomBytes()
    {
        using var platform = PlatformSamples.NewPlatform();
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            Assert.False(EnclaveIdentity.TryUnseal(platform, bytes, out _, out var error));
            Assert.NotEmpty(error);
        }, iter: 2_000);
    }

    [Fact]
    public void CreateEvidence_BindsBothKeysGenesisAndOperator_WhenVerified()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var identity = EnclaveIdentity.Generate(platform);
        var policy = new AttestationPolicy([RootKey], [Measurement]);
        const ulong now = 1_700_000_000_000;

        var evidence = identity.CreateEvidence(platform, Genesis, Operator, now);

        var expected = ReportData.Compute(identity.IdentityKey, identity.EcdhKey, Genesis, Operator);
        Assert.Equal(expected, identity.ReportDataFor(Genesis, Operator));
        Assert.True(AttestationVerifier.TryVerify(evidence, policy, expected, now, out var error), error);

        // Another enclave's keys claimed with this evidence are refused.
        using var impostor = EnclaveIdentity.Generate(platform);
        Assert.False(AttestationVerifier.TryVerify(evidence, policy, impostor.ReportDataFor(Genesis, Operator), now, out error));
        Assert.Contains("does not bind", error, StringComparison.Ordinal);
    }

    private static void AssertSameSharedSecret(X25519KeyPair expected, X25519KeyPair actual)
    {
        using var peer = X25519KeyPair.Generate();
        var a = new byte[32];
        var b = new byte[32];
        Assert.True(expected.TryAgree(peer.PublicKey, a));
        Assert.True(actual.TryAgree(peer.PublicKey, b));
        Assert.Equal(a, b);
    }
}
