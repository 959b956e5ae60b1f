using Veil.Core;
using Veil.Crypto;

namespace Veil.Protocol.Attestation;

/// <summary>
/// Checks attestation evidence against a policy (DESIGN §5). Shared by the chain's Registry module and
/// by enclaves that must trust a peer (a gatekeeper handing out contract keys), so both sides accept
/// exactly the same evidence. Deterministic: the caller supplies "now" (a block timestamp on chain).
/// </summary>
public static class AttestationVerifier
{
    /// <summary>
    /// True when <paramref name="evidence"/> comes from a supported platform and a trusted root, measures an
    /// allowed enclave, is fresh at <paramref name="nowMs"/>, and binds exactly <paramref name="expectedReportData"/>
    /// (see <see cref="ReportData.Compute"/>). Otherwise false, with the first failed check in <paramref name="error"/>.
    /// </summary>
    /// <remarks>
    /// The order is fixed — platform and signature, measurement, freshness, binding — so an error names
    /// the most fundamental problem: no later check means anything until the proof is genuine.
    /// </remarks>
    public static bool TryVerify(AttestationEvidence evidence, AttestationPolicy policy, Hash256 expectedReportData, ulong nowMs, out string error)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);

        var proven = evidence.Platform switch
        {
            EnclavePlatformKind.Simulated => TryVerifySimulated(evidence, policy, out error),
            EnclavePlatformKind.SgxDcap => Fail("SGX DCAP quote verification is not available in this build", out error),
            _ => Fail($"unknown enclave platform kind {(byte)evidence.Platform}", out error),
        };
        if (!proven)
        {
            return false;
        }

        if (!policy.AllowsMeasurement(evidence.Measurement))
        {
            return Fail($"enclave measurement {evidence.Measurement} is not on the allowed list", out error);
        }

        if (evidence.Timestamp > nowMs)
        {
            var ahead = evidence.Timestamp - nowMs;
            if (ahead > policy.MaxClockSkewMs)
            {
                return Fail($"evidence is dated {ahead} ms in the future (timestamp {evidence.Timestamp}, now {nowMs}); the allowed clock skew is {policy.MaxClockSkewMs} ms", out error);
            }
        }
        else
        {
            var age = nowMs - evidence.Timestamp;
            if (age > policy.MaxAgeMs)
            {
                return Fail($"evidence is stale: created {age} ms ago (timestamp {evidence.Timestamp}, now {nowMs}); the limit is {policy.MaxAgeMs} ms", out error);
            }
        }

        if (evidence.ReportData != expectedReportData)
        {
            return Fail($"evidence report data {evidence.ReportData} does not bind the expected identity key, ECDH key, genesis hash, operator and version (expected {expectedReportData})", out error);
        }

        error = string.Empty;
        return true;
    }

    private static bool TryVerifySimulated(AttestationEvidence evidence, AttestationPolicy policy, out string error)
    {
        // Trust first: a signature by an unknown key proves nothing, however valid it is.
        if (!policy.TrustsRoot(evidence.RootKey))
        {
            return Fail($"attestation root {evidence.RootKey} is not trusted by this chain", out error);
        }

        if (evidence.Proof.Length != Ed25519.SignatureSize)
        {
            return Fail($"simulated evidence proof must be a {Ed25519.SignatureSize}-byte Ed25519 signature, not {evidence.Proof.Length} bytes", out error);
        }

        Span<byte> rootKey = stackalloc byte[Hash256.Size];
        evidence.RootKey.CopyTo(rootKey);
        var payload = AttestationEvidence.SigningPayload(evidence.Platform, evidence.Measurement, evidence.ReportData, evidence.Timestamp);
        if (!Ed25519.Verify(rootKey, payload, evidence.Proof))
        {
            return Fail($"evidence signature is not valid for attestation root {evidence.RootKey}", out error);
        }

        error = string.Empty;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
