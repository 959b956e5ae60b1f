using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;
using Veil.Enclave.Platform;
using Veil.Protocol.Attestation;

namespace Veil.Enclave.Keys;

/// <summary>
/// The enclave's own keys: an Ed25519 identity key that signs its queue messages and a separate X25519
/// key that gatekeepers and users encrypt to (DESIGN §2, §5). Both are generated inside the enclave from
/// platform randomness and leave it only sealed, so the host stores them without being able to read them.
/// </summary>
/// <remarks>
/// Sealed plaintext, SCALE: <c>version u8 (1) ‖ identity seed [u8; 32] ‖ ECDH secret [u8; 32]</c>, sealed
/// with associated data <c>"veil/enclave-identity"</c> so no other sealed blob can stand in for it.
/// </remarks>
public sealed class EnclaveIdentity : IDisposable
{
    public const byte FormatVersion = 1;

    private const int PlaintextSize = 1 + Ed25519.SeedSize + X25519.KeySize;

    private static readonly byte[] SealedAssociatedData = "veil/enclave-identity"u8.ToArray();

    private readonly SecretBuffer _ecdhSecret;

    private EnclaveIdentity(ReadOnlySpan<byte> identitySeed, ReadOnlySpan<byte> ecdhSecret)
    {
        Signer = new Ed25519KeyPair(identitySeed);
        Ecdh = new X25519KeyPair(ecdhSecret);
        _ecdhSecret = SecretBuffer.CopyOf(ecdhSecret);
    }

    /// <summary>Signs the enclave's outgoing messages; its public key is the worker's on-chain identity.</summary>
    public Ed25519KeyPair Signer { get; }

    /// <summary>The key others encrypt to (contract keys from the gatekeeper, the master key between gatekeepers).</summary>
    public X25519KeyPair Ecdh { get; }

    public Hash256 IdentityKey => new(Signer.PublicKeyBytes);

    public Hash256 EcdhKey => new(Ecdh.PublicKey);

    /// <summary>Fresh keys from <paramref name="platform"/>'s randomness.</summary>
    public static EnclaveIdentity Generate(IEnclavePlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Span<byte> secrets = stackalloc byte[Ed25519.SeedSize + X25519.KeySize];
        try
        {
            platform.GetRandom(secrets);
            return new EnclaveIdentity(secrets[..Ed25519.SeedSize], secrets[Ed25519.SeedSize..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
        }
    }

    /// <summary>The report data that binds these keys to a chain and an operator (see <see cref="ReportData.Compute"/>).</summary>
    public Hash256 ReportDataFor(Hash256 genesisHash, AccountId operatorAccount)
        => ReportData.Compute(IdentityKey, EcdhKey, genesisHash, operatorAccount);

    /// <summary>Evidence for registering these keys on the chain with <paramref name="genesisHash"/> for <paramref name="operatorAccount"/>.</summary>
    public AttestationEvidence CreateEvidence(IEnclavePlatform platform, Hash256 genesisHash, AccountId operatorAccount, ulong timestampMs)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.CreateEvidence(ReportDataFor(genesisHash, operatorAccount), timestampMs);
    }

    /// <summary>The keys sealed by <paramref name="platform"/>, for the host to store.</summary>
    public byte[] Seal(IEnclavePlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Span<byte> plaintext = stackalloc byte[PlaintextSize];
        try
        {
            var writer = new ScaleWriter(plaintext);
            writer.WriteU8(FormatVersion);
            Signer.ExportSeed(writer.Reserve(Ed25519.SeedSize));
            writer.WriteRaw(_ecdhSecret.AsSpan());
            return platform.Seal(writer.WrittenSpan, SealedAssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Restores keys sealed by <see cref="Seal"/>. A blob that was altered, sealed on another platform or by
    /// another enclave measurement, or is not an identity at all is refused with the reason in <paramref name="error"/>.
    /// </summary>
    public static bool TryUnseal(IEnclavePlatform platform, ReadOnlySpan<byte> sealedIdentity, [NotNullWhen(true)] out EnclaveIdentity? identity, out string error)
    {
        ArgumentNullException.ThrowIfNull(platform);
        identity = null;
        if (!platform.TryUnseal(sealedIdentity, SealedAssociatedData, out var plaintext, out var unsealError))
        {
            error = $"sealed enclave identity refused: {unsealError}";
            return false;
        }

        try
        {
            var reader = new ScaleReader(plaintext);
            var version = reader.ReadU8();
            var seed = reader.ReadRaw(Ed25519.SeedSize);
            var ecdhSecret = reader.ReadRaw(X25519.KeySize);
            if (!reader.TryFinish(out var decodeError))
            {
                error = $"sealed enclave identity refused: its contents do not decode: {decodeError}";
                return false;
            }

            if (version != FormatVersion)
            {
                error = $"sealed enclave identity refused: format version {version}, this enclave reads version {FormatVersion}";
                return false;
            }

            identity = new EnclaveIdentity(seed, ecdhSecret);
            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public void Dispose()
    {
        Signer.Dispose();
        Ecdh.Dispose();
        _ecdhSecret.Dispose();
    }

    public override string ToString() => $"EnclaveIdentity({IdentityKey})";
}
