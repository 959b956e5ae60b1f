using Veil.Core;
using Veil.Protocol.Attestation;

namespace Veil.Enclave.Platform;

/// <summary>
/// What the trusted execution environment gives the enclave (DESIGN §5): the measurement of its code,
/// sealing bound to that measurement, attestation evidence and randomness. The simulated platform and a
/// hardware one (SGX DCAP) plug in behind this interface; nothing else in the enclave knows which it runs on.
/// </summary>
public interface IEnclavePlatform
{
    EnclavePlatformKind Kind { get; }

    /// <summary>Hash of the enclave code identity; a different (or tampered) enclave has a different one.</summary>
    Hash256 Measurement { get; }

    /// <summary>
    /// Encrypts and authenticates <paramref name="plaintext"/> so that only an enclave with this
    /// measurement on this platform can open it, and only with the same <paramref name="associatedData"/>.
    /// </summary>
    byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <summary>
    /// Opens data from <see cref="Seal"/>. Sealed data comes back from untrusted storage, so this never
    /// throws on its contents: a tampered blob, other associated data, another platform or another
    /// measurement returns false with the reason in <paramref name="error"/>.
    /// </summary>
    bool TryUnseal(ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, out byte[] plaintext, out string error);

    /// <summary>Evidence that this enclave, with <paramref name="reportData"/> bound in, runs on this platform at <paramref name="timestampMs"/>.</summary>
    AttestationEvidence CreateEvidence(Hash256 reportData, ulong timestampMs);

    /// <summary>Fills <paramref name="destination"/> with random bytes the host cannot predict or choose.</summary>
    void GetRandom(Span<byte> destination);
}
