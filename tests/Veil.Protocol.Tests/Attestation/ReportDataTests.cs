using Veil.Core;
using Veil.Protocol.Attestation;

namespace Veil.Protocol.Tests.Attestation;

public class ReportDataTests
{
    // BLAKE2b-256(0xa1×32 ‖ 0xb2×32 ‖ 0xc3×32 ‖ 0xd4×32 ‖ u32 LE 1), cross-checked with Python's hashlib.
    private const string Golden = "0x11704b2beffeba0e69b887f20c45721cd9b87e686fe8c9239191f5325cfcbc1c";

    [Fact]
    public void Compute_MatchesGoldenVector_WhenInputsAreFixed()
    {
        Assert.Equal(Golden, AttestationSamples.BoundReportData.ToString());
    }

    [Fact]
    public void Compute_Differs_WhenAnyBoundFieldChanges()
    {
        var other = AttestationSamples.Filled(0x99);
        var otherAccount = new AccountId(other.ToArray());
        var variants = new[]
        {
            ReportData.Compute(other, AttestationSamples.EcdhKey, AttestationSamples.Genesis, AttestationSamples.Operator),
            ReportData.Compute(AttestationSamples.IdentityKey, other, AttestationSamples.Genesis, AttestationSamples.Operator),
            ReportData.Compute(AttestationSamples.IdentityKey, AttestationSamples.EcdhKey, other, AttestationSamples.Operator),
            ReportData.Compute(AttestationSamples.IdentityKey, AttestationSamples.EcdhKey, AttestationSamples.Genesis, otherAccount),
            ReportData.Compute(AttestationSamples.IdentityKey, AttestationSamples.EcdhKey, AttestationSamples.Genesis, AttestationSamples.Operator, version: 2),
            ReportData.Compute(AttestationSamples.EcdhKey, AttestationSamples.IdentityKey, AttestationSamples.Genesis, AttestationSamples.Operator),
        };

        Assert.Equal(variants.Length + 1, variants.Append(AttestationSamples.BoundReportData).Distinct().Count());
    }
}
