using System.Security.Cryptography;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto;
using Veil.Protocol.Confidential;

namespace Veil.Enclave.Keys;

/// <summary>
/// A contract's secret keys for one epoch (DESIGN §6): the X25519 key users encrypt commands and queries
/// to, and the Ed25519 key that signs the contract's outgoing queue messages. Derived from the epoch's
/// master key as HKDF-SHA256(master, salt = empty, label, context = contract id) with the labels
/// <see cref="EcdhLabel"/> and <see cref="SigningLabel"/>, so every gatekeeper derives the same keys and
/// one contract's keys say nothing about another's. Disposing zeroes the secrets.
/// </summary>
public sealed class ContractKeys : IDisposable
{
    public const string EcdhLabel = "veil/contract-ecdh";
    public const string SigningLabel = "veil/contract-sign";

    public const string StateReportLabel = "veil/state-report";

    public const string StateSnapshotLabel = "veil/state-snapshot";

    private readonly SecretBuffer _ecdhSecret;
    private readonly SecretBuffer _stateReportKey;

    /// <summary>Keys from their secrets (derived here, or opened from a key delivery).</summary>
    internal ContractKeys(Hash256 contractId, uint epoch, ReadOnlySpan<byte> ecdhSecret, ReadOnlySpan<byte> signingSeed)
    {
        ContractId = contractId;
        Epoch = epoch;
        Ecdh = new X25519KeyPair(ecdhSecret);
        Signer = new Ed25519KeyPair(signingSeed);
        _ecdhSecret = SecretBuffer.CopyOf(ecdhSecret);
        Span<byte> reportKey = stackalloc byte[Hash256.Size];
        Span<byte> context = stackalloc byte[Hash256.Size];
        contractId.CopyTo(context);
        HkdfSha256.DeriveKey(ecdhSecret, default, StateReportLabel, reportKey, context);
        _stateReportKey = SecretBuffer.CopyOf(reportKey);
        CryptographicOperations.ZeroMemory(reportKey);
        PublicKeys = new ContractPublicKeys(contractId, epoch, new Hash256(Ecdh.PublicKey), new Hash256(Signer.PublicKeyBytes));
    }

    public Hash256 ContractId { get; }

    public uint Epoch { get; }

    /// <summary>The key users encrypt to.</summary>
    public X25519KeyPair Ecdh { get; }

    /// <summary>Signs the contract's outgoing queue messages.</summary>
    public Ed25519KeyPair Signer { get; }

    /// <summary>What the gatekeeper publishes on chain.</summary>
    public ContractPublicKeys PublicKeys { get; }

    internal static ContractKeys Derive(ReadOnlySpan<byte> masterKey, Hash256 contractId, uint epoch)
    {
        Span<byte> context = stackalloc byte[Hash256.Size];
        Span<byte> ecdhSecret = stackalloc byte[X25519.KeySize];
        Span<byte> signingSeed = stackalloc byte[Ed25519.SeedSize];
        try
        {
            contractId.CopyTo(context);
            HkdfSha256.DeriveKey(masterKey, default, EcdhLabel, ecdhSecret, context);
            HkdfSha256.DeriveKey(masterKey, default, SigningLabel, signingSeed, context);
            return new ContractKeys(contractId, epoch, ecdhSecret, signingSeed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ecdhSecret);
            CryptographicOperations.ZeroMemory(signingSeed);
        }
    }

    /// <summary>
    /// What a worker reports on chain for the contract's state after <paramref name="blockNumber"/>: a
    /// BLAKE2b-256 MAC of <c>block ‖ state hash</c> under a key only the cluster holds. Equal states give
    /// equal reports on every worker (so divergence is still detected), but an observer who guesses the
    /// private state (e.g. "Alice sent Bob 30") cannot confirm the guess, and because the block is in the
    /// MAC, a report for an unchanged state looks like any other.
    /// </summary>
    public Hash256 StateCommitment(uint blockNumber, Hash256 stateHash)
    {
        Span<byte> message = stackalloc byte[sizeof(uint) + Hash256.Size];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(message, blockNumber);
        stateHash.CopyTo(message[sizeof(uint)..]);
        Span<byte> mac = stackalloc byte[Hash256.Size];
        Blake2b.Hash(message, mac, _stateReportKey.AsSpan());
        return new Hash256(mac);
    }

    /// <summary>
    /// The AES-256-GCM key of the state snapshots the cluster sends a joining worker:
    /// HKDF-SHA256(ECDH secret, label "veil/state-snapshot", context contract id). The caller zeroes it.
    /// </summary>
    internal void DeriveSnapshotKey(Span<byte> destination)
    {
        Span<byte> context = stackalloc byte[Hash256.Size];
        ContractId.CopyTo(context);
        HkdfSha256.DeriveKey(_ecdhSecret.AsSpan(), default, StateSnapshotLabel, destination, context);
    }

    /// <summary>Writes ECDH secret ‖ signing seed (a key delivery's plaintext); the caller zeroes it.</summary>
    internal void ExportSecrets(Span<byte> destination)
    {
        _ecdhSecret.AsSpan().CopyTo(destination);
        Signer.ExportSeed(destination.Slice(X25519.KeySize, Ed25519.SeedSize));
    }

    public void Dispose()
    {
        Ecdh.Dispose();
        Signer.Dispose();
        _ecdhSecret.Dispose();
        _stateReportKey.Dispose();
    }

    public override string ToString() => $"ContractKeys({ContractId}, epoch {Epoch})";
}
