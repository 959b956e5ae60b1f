using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Protocol.Attestation;
using static Veil.Protocol.Tests.Attestation.AttestationSamples;

namespace Veil.Protocol.Tests.Attestation;

public class AttestationVerifierTests
{
    [Fact]
    public void TryVerify_ReturnsTrue_WhenEvidenceIsSignedByTrustedRootAndBound()
    {
        Assert.True(AttestationVerifier.TryVerify(Valid(), Policy, BoundReportData, Now, out var error), error);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void TryVerify_ReturnsTrue_WhenRootIsTheDevRootAndPolicyTrustsIt()
    {
        using var devRoot = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
        var evidence = Sign(devRoot, Measurement, BoundReportData, Now);
        var policy = new AttestationPolicy([new Hash256(devRoot.PublicKeyBytes)], [Measurement]);

        Assert.True(AttestationVerifier.TryVerify(evidence, policy, BoundReportData, Now, out var error), error);
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenRootIsNotTrusted()
    {
        var evidence = Sign(OtherRoot, Measurement, BoundReportData, Now);

        AssertRefused(evidence, BoundReportData, $"attestation root {new Hash256(OtherRoot.PublicKeyBytes)} is not trusted by this chain");
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenTrustedRootKeyIsClaimedButAnotherKeySigned()
    {
        // An attacker names the trusted root but can only sign with its own key.
        var forged = Sign(OtherRoot, Measurement, BoundReportData, Now) with { RootKey = RootKey };

        AssertRefused(forged, BoundReportData, $"evidence signature is not valid for attestation root {RootKey}");
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenSignedFieldIsChangedAfterSigning()
    {
        // Changing the timestamp to look fresh (or any other signed field) breaks the root's signature.
        var altered = Valid(Now - 3_600_000) with { Timestamp = Now };

        AssertRefused(altered, BoundReportData, "evidence signature is not valid");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void TryVerify_ReturnsFalse_WhenProofIsNotASignature(int length)
    {
        var evidence = Valid() with { Proof = new byte[length] };

        AssertRefused(evidence, BoundReportData, $"simulated evidence proof must be a 64-byte Ed25519 signature, not {length} bytes");
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenMeasurementIsNotAllowed()
    {
        var unknown = Filled(0x5a);
        var evidence = Sign(Root, unknown, BoundReportData, Now);

        AssertRefused(evidence, BoundReportData, $"enclave measurement {unknown} is not on the allowed list");
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenEvidenceIsOlderThanMaxAge()
    {
        var evidence = Valid(Now - AttestationPolicy.DefaultMaxAgeMs - 1);

        AssertRefused(evidence, BoundReportData, $"evidence is stale: created {AttestationPolicy.DefaultMaxAgeMs + 1} ms ago");
    }

    [Fact]
    public void TryVerify_ReturnsTrue_WhenEvidenceIsExactlyMaxAgeOld()
    {
        Assert.True(AttestationVerifier.TryVerify(Valid(Now - AttestationPolicy.DefaultMaxAgeMs), Policy, BoundReportData, Now, out var error), error);
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenEvidenceIsBeyondClockSkewInTheFuture()
    {
        var evidence = Valid(Now + AttestationPolicy.DefaultMaxClockSkewMs + 1);

        AssertRefused(evidence, BoundReportData, $"evidence is dated {AttestationPolicy.DefaultMaxClockSkewMs + 1} ms in the future");
    }

    [Fact]
    public void TryVerify_ReturnsTrue_WhenEvidenceIsAheadWithinClockSkew()
    {
        Assert.True(AttestationVerifier.TryVerify(Valid(Now + AttestationPolicy.DefaultMaxClockSkewMs), Policy, BoundReportData, Now, out var error), error);
    }

    [Fact]
    public void TryVerify_DoesNotOverflow_WhenTimestampsAreExtreme()
    {
        Assert.False(AttestationVerifier.TryVerify(Valid(ulong.MaxValue), Policy, BoundReportData, 0, out var future));
        Assert.Contains("in the future", future, StringComparison.Ordinal);
        Assert.False(AttestationVerifier.TryVerify(Valid(0), Policy, BoundReportData, ulong.MaxValue, out var stale));
        Assert.Contains("stale", stale, StringComparison.Ordinal);
    }

    public static TheoryData<string> Rebindings => ["identity key", "ECDH key", "genesis", "operator", "version"];

    [Theory]
    [MemberData(nameof(Rebindings))]
    public void TryVerify_ReturnsFalse_WhenReportDataBindsSomethingElse(string field)
    {
        // The evidence is genuine, but the registration claims other keys, chain or operator than it binds.
        var other = Filled(0x77);
        var expected = field switch
        {
            "identity key" => ReportData.Compute(other, EcdhKey, Genesis, Operator),
            "ECDH key" => ReportData.Compute(IdentityKey, other, Genesis, Operator),
            "genesis" => ReportData.Compute(IdentityKey, EcdhKey, other, Operator),
            "operator" => ReportData.Compute(IdentityKey, EcdhKey, Genesis, new AccountId(other.ToArray())),
            _ => ReportData.Compute(IdentityKey, EcdhKey, Genesis, Operator, version: ReportData.Version + 1),
        };

        AssertRefused(Valid(), expected, $"evidence report data {BoundReportData} does not bind the expected identity key, ECDH key, genesis hash, operator and version (expected {expected})");
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenPlatformIsSgxDcap()
    {
        var evidence = Sign(Root, Measurement, BoundReportData, Now, EnclavePlatformKind.SgxDcap);

        AssertRefused(evidence, BoundReportData, "SGX DCAP quote verification is not available in this build");
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenPlatformKindIsUnknown()
    {
        var evidence = Valid() with { Platform = (EnclavePlatformKind)9 };

        AssertRefused(evidence, BoundReportData, "unknown enclave platform kind 9");
    }

    [Fact]
    public void TryVerify_ReportsTheRootFirst_WhenEverythingIsWrong()
    {
        var evidence = Sign(OtherRoot, Filled(0x5a), Filled(0x5b), 0);

        AssertRefused(evidence, BoundReportData, $"attestation root {new Hash256(OtherRoot.PublicKeyBytes)} is not trusted by this chain");
    }

    [Fact]
    public void TryVerify_ReturnsFalse_WhenPolicyTrustsNothing()
    {
        var empty = new AttestationPolicy([], []);

        Assert.False(AttestationVerifier.TryVerify(Valid(), empty, BoundReportData, Now, out var error));
        Assert.Contains("is not trusted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_ListsRootsAndMeasurementsInByteOrder_WhenGivenUnordered()
    {
        var policy = new AttestationPolicy([Filled(3), Filled(1), Filled(2), Filled(1)], [Filled(9), Filled(8)]);

        Assert.Equal([Filled(1), Filled(2), Filled(3)], policy.TrustedRoots);
        Assert.Equal([Filled(8), Filled(9)], policy.AllowedMeasurements);
    }

    private static void AssertRefused(AttestationEvidence evidence, Hash256 expectedReportData, string expectedError)
    {
        Assert.False(AttestationVerifier.TryVerify(evidence, Policy, expectedReportData, Now, out var error));
        Assert.StartsWith(expectedError, error, StringComparison.Ordinal);
    }
}
