using CsCheck;
using Veil.Core;
using Veil.Protocol.Attestation;

namespace Veil.Protocol.Tests.Attestation;

public class AttestationEvidenceTests
{
    // Cross-checked with Python's hashlib and the cryptography package (Ed25519 from seed 0x01..0x20).
    private const string GoldenPayload =
        "0x"
        + "7665696c2f617474657374" // "veil/attest"
        + "00" // platform Simulated
        + "1111111111111111111111111111111111111111111111111111111111111111" // measurement
        + "2222222222222222222222222222222222222222222222222222222222222222" // report data
        + "0068e5cf8b010000"; // timestamp u64 1_700_000_000_000

    private const string GoldenEvidence =
        "0x"
        + "00" // platform Simulated
        + "1111111111111111111111111111111111111111111111111111111111111111" // measurement
        + "2222222222222222222222222222222222222222222222222222222222222222" // report data
        + "0068e5cf8b010000" // timestamp
        + "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664" // root key
        + "0101" // compact length 64
        + "923b6d14dc9a631f5a886d66504f0ea85f27e7e8b3711afdddba3d2686ff6494"
        + "da75499e26e2f6fa1cd21eafc976d4e25091ef485c68951fe7aadaf207e51a0a"; // Ed25519 signature

    [Fact]
    public void SigningPayload_MatchesGoldenVector_WhenFieldsAreFixed()
    {
        var payload = AttestationEvidence.SigningPayload(EnclavePlatformKind.Simulated, AttestationSamples.Filled(0x11), AttestationSamples.Filled(0x22), AttestationSamples.Now);

        Assert.Equal(GoldenPayload, Hex.Encode(payload));
    }

    [Fact]
    public void Encode_MatchesGoldenVector_WhenSignedByFixedRoot()
    {
        var evidence = AttestationSamples.Sign(AttestationSamples.Root, AttestationSamples.Filled(0x11), AttestationSamples.Filled(0x22), AttestationSamples.Now);

        Assert.Equal(GoldenEvidence, Hex.Encode(evidence.Encode()));
    }

    [Fact]
    public void TryDecode_ReadsEveryField_WhenInputIsGoldenVector()
    {
        Assert.True(AttestationEvidence.TryDecode(Hex.Decode(GoldenEvidence), out var evidence, out var error), error);

        Assert.Equal(EnclavePlatformKind.Simulated, evidence.Platform);
        Assert.Equal(AttestationSamples.Filled(0x11), evidence.Measurement);
        Assert.Equal(AttestationSamples.Filled(0x22), evidence.ReportData);
        Assert.Equal(AttestationSamples.Now, evidence.Timestamp);
        Assert.Equal(AttestationSamples.RootKey, evidence.RootKey);
        Assert.Equal(64, evidence.Proof.Length);
    }

    [Fact]
    public void TryDecode_ReturnsFalse_WhenPlatformIsUnknown()
    {
        var bytes = Hex.Decode(GoldenEvidence);
        bytes[0] = 7;

        Assert.False(AttestationEvidence.TryDecode(bytes, out _, out var error));
        Assert.Contains("unknown EnclavePlatformKind variant 7", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenInputIsRandomBytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            AttestationEvidence.TryDecode(bytes, out _, out _);
        }, iter: 20_000);
    }

    [Fact]
    public void TryDecode_NeverThrows_AndReencodesExactly_WhenGoldenBytesAreMutated()
    {
        var valid = Hex.Decode(GoldenEvidence);
        ByteMutation.Any.Sample(mutation =>
        {
            var mutated = mutation.Apply(valid);
            if (AttestationEvidence.TryDecode(mutated, out var evidence, out _))
            {
                // Whatever still decodes must re-encode to exactly the bytes it came from.
                Assert.Equal(Hex.Encode(mutated), Hex.Encode(evidence.Encode()));
            }
        }, iter: 5_000);
    }
}
