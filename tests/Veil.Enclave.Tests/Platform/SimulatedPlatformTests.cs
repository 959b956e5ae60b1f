using CsCheck;
using Veil.Core;
using Veil.Enclave.Platform;
using Veil.Protocol.Attestation;
using static Veil.Enclave.Tests.Platform.PlatformSamples;

namespace Veil.Enclave.Tests.Platform;

public class SimulatedPlatformTests
{
    // Cross-checked with Python's cryptography package: key = HKDF-SHA256(0x00..0x1f, no salt,
    // "veil/seal" 0x00 ‖ 0x33×32), AES-256-GCM(nonce 0x00..0x0b, AD 0x01 ‖ "veil/test").
    private const string GoldenSealed =
        "0x"
        + "01" // format version
        + "000102030405060708090a0b" // nonce
        + "5629bb42fb9932cc75f8e2eb0173ef9393b6" // ciphertext of "veil sealed golden"
        + "c4303d77a60d7347cf6693ebd81e53d6"; // tag

    private static readonly byte[] GoldenPlaintext = "veil sealed golden"u8.ToArray();
    private static readonly byte[] GoldenAssociatedData = "veil/test"u8.ToArray();

    [Fact]
    public void Seal_MatchesGoldenVector_WhenSecretAndNonceAreFixed()
    {
        using var platform = NewPlatform();
        var nonce = Enumerable.Range(0, 12).Select(i => (byte)i).ToArray();

        var sealedData = platform.Seal(GoldenPlaintext, GoldenAssociatedData, nonce);

        Assert.Equal(GoldenSealed, Hex.Encode(sealedData));
    }

    [Fact]
    public void TryUnseal_ReturnsPlaintext_WhenInputIsGoldenVector()
    {
        using var platform = NewPlatform();

        Assert.True(platform.TryUnseal(Hex.Decode(GoldenSealed), GoldenAssociatedData, out var plaintext, out var error), error);
        Assert.Equal(GoldenPlaintext, plaintext);
    }

    [Fact]
    public void Seal_ThenTryUnseal_RoundTrips_WhenPlaintextIsAnyBytes()
    {
        using var platform = NewPlatform();
        Gen.Select(Gen.Byte.Array[0, 2000], Gen.Byte.Array[0, 600]).Sample((plaintext, ad) =>
        {
            var sealedData = platform.Seal(plaintext, ad);

            Assert.Equal(plaintext.Length + SimulatedPlatform.SealOverhead, sealedData.Length);
            Assert.Equal(SimulatedPlatform.SealFormatVersion, sealedData[0]);
            Assert.True(platform.TryUnseal(sealedData, ad, out var opened, out var error), error);
            Assert.Equal(plaintext, opened);
        }, iter: 300);
    }

    [Fact]
    public void Seal_UsesAFreshNonce_WhenSealingTheSamePlaintextTwice()
    {
        using var platform = NewPlatform();

        var first = platform.Seal(GoldenPlaintext, GoldenAssociatedData);
        var second = platform.Seal(GoldenPlaintext, GoldenAssociatedData);

        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
    }

    [Fact]
    public void TryUnseal_ReturnsFalse_WhenAnySingleBitIsFlipped()
    {
        using var platform = NewPlatform();
        var golden = Hex.Decode(GoldenSealed);
        for (var bit = 0; bit < golden.Length * 8; bit++)
        {
            var tampered = (byte[])golden.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.False(platform.TryUnseal(tampered, GoldenAssociatedData, out var plaintext, out var error));
            Assert.Empty(plaintext);
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public void TryUnseal_ReturnsFalse_WhenAssociatedDataDiffers()
    {
        using var platform = NewPlatform();

        Assert.False(platform.TryUnseal(Hex.Decode(GoldenSealed), "veil/other"u8, out _, out var error));
        Assert.StartsWith("sealed data failed authentication", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnseal_ReturnsFalse_WhenSealedOnAnotherPlatform()
    {
        using var other = NewPlatform(secret: OtherSecret);

        Assert.False(other.TryUnseal(Hex.Decode(GoldenSealed), GoldenAssociatedData, out _, out var error));
        Assert.StartsWith("sealed data failed authentication", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnseal_ReturnsFalse_WhenSealedByAnotherMeasurement()
    {
        // Same machine, different enclave build: a tampered enclave cannot read the genuine one's data.
        using var tampered = NewPlatform(measurement: SimulatedMeasurement.OfIdentity("veil-enclave/sim/v1;tampered"));

        Assert.False(tampered.TryUnseal(Hex.Decode(GoldenSealed), GoldenAssociatedData, out _, out var error));
        Assert.StartsWith("sealed data failed authentication", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x", "sealed data is empty")]
    [InlineData("0x02000102030405060708090a0b5629bb42fb9932cc75f8e2eb0173ef9393b6c4303d77a60d7347cf6693ebd81e53d6", "sealed data has format version 2; this enclave reads version 1")]
    [InlineData("0x01000102030405060708090a0bc4303d77a60d7347cf6693ebd81e53", "sealed data is 28 bytes, shorter than the 29-byte minimum (version, nonce, tag)")]
    public void TryUnseal_ReturnsSpecificError_WhenFramingIsWrong(string hex, string expected)
    {
        using var platform = NewPlatform();

        Assert.False(platform.TryUnseal(Hex.Decode(hex), GoldenAssociatedData, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryUnseal_OpensEmptyPlaintext_WhenSealedDataIsOnlyOverhead()
    {
        using var platform = NewPlatform();
        var sealedData = platform.Seal([], GoldenAssociatedData);

        Assert.Equal(SimulatedPlatform.SealOverhead, sealedData.Length);
        Assert.True(platform.TryUnseal(sealedData, GoldenAssociatedData, out var plaintext, out var error), error);
        Assert.Empty(plaintext);
    }

    [Fact]
    public void TryUnseal_NeverThrows_WhenInputIsRandomBytes()
    {
        using var platform = NewPlatform();
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            if (bytes.Length > 0)
            {
                bytes[0] = SimulatedPlatform.SealFormatVersion; // reach the AEAD, not just the version check
            }

            Assert.False(platform.TryUnseal(bytes, GoldenAssociatedData, out _, out var error));
            Assert.NotEmpty(error);
        }, iter: 5_000);
    }

    [Fact]
    public void CreateEvidence_VerifiesAgainstPolicy_WhenRootAndMeasurementAreTrusted()
    {
        using var platform = NewPlatform();
        var reportData = new Hash256(Enumerable.Repeat((byte)0x44, 32).ToArray());

        var evidence = platform.CreateEvidence(reportData, 1_700_000_000_000);

        Assert.Equal(EnclavePlatformKind.Simulated, evidence.Platform);
        Assert.Equal(Measurement, evidence.Measurement);
        Assert.Equal(RootKey, evidence.RootKey);
        var policy = new AttestationPolicy([RootKey], [Measurement]);
        Assert.True(AttestationVerifier.TryVerify(evidence, policy, reportData, 1_700_000_000_000, out var error), error);
    }

    [Fact]
    public void CreateEvidence_IsRefused_WhenEnclaveIsTampered()
    {
        using var tampered = NewPlatform(measurement: SimulatedMeasurement.OfIdentity("veil-enclave/sim/v1;tampered"));
        var reportData = new Hash256(Enumerable.Repeat((byte)0x44, 32).ToArray());
        var policy = new AttestationPolicy([RootKey], [Measurement]);

        var evidence = tampered.CreateEvidence(reportData, 1_700_000_000_000);

        Assert.False(AttestationVerifier.TryVerify(evidence, policy, reportData, 1_700_000_000_000, out var error));
        Assert.Contains("is not on the allowed list", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSecret_Throws_WhenSecretHasWrongLength()
    {
        Assert.Throws<ArgumentException>(() => SimulatedPlatform.FromSecret(new byte[31], Root));
    }

    [Fact]
    public void FromSecret_UsesCurrentMeasurement_WhenNoneIsGiven()
    {
        using var platform = SimulatedPlatform.FromSecret(Secret, Root);

        Assert.Equal(SimulatedMeasurement.Current, platform.Measurement);
    }

    [Fact]
    public void Seal_Throws_WhenPlatformIsDisposed()
    {
        var platform = NewPlatform();
        platform.Dispose();

        Assert.Throws<ObjectDisposedException>(() => platform.Seal(GoldenPlaintext, GoldenAssociatedData));
    }

    [Fact]
    public void GetRandom_FillsDistinctBytes_WhenCalledTwice()
    {
        using var platform = NewPlatform();
        var first = new byte[32];
        var second = new byte[32];

        platform.GetRandom(first);
        platform.GetRandom(second);

        Assert.NotEqual(first, second);
    }
}
