using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Platform;
using Veil.Protocol.Confidential;

namespace Veil.Enclave.Keys;

/// <summary>
/// Moves secret keys between enclaves as <see cref="KeyDelivery"/> messages (DESIGN §6): the gatekeeper
/// seals a contract's keys to each attested worker of its cluster and the master key to each new
/// gatekeeper, each to the recipient's ECDH key with a fresh ephemeral key; only that recipient can open
/// them. Opening never throws on the delivery's contents.
/// </summary>
public static class KeyCourier
{
    /// <summary>Seals <paramref name="keys"/> for the enclave with <paramref name="recipientIdentityKey"/> and <paramref name="recipientEcdhKey"/>.</summary>
    public static KeyDelivery SealContractKeys(IEnclavePlatform platform, ContractKeys keys, Hash256 recipientIdentityKey, Hash256 recipientEcdhKey)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Span<byte> secrets = stackalloc byte[KeyDelivery.ContractKeysPlaintextSize];
        try
        {
            keys.ExportSecrets(secrets);
            return Seal(platform, KeyDeliveryKind.ContractKeys, keys.ContractId, keys.Epoch, secrets, recipientIdentityKey, recipientEcdhKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
        }
    }

    /// <summary>Seals <paramref name="masterKey"/> for a new gatekeeper (contract id zero in the delivery).</summary>
    public static KeyDelivery SealMasterKey(IEnclavePlatform platform, MasterKey masterKey, Hash256 recipientIdentityKey, Hash256 recipientEcdhKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        Span<byte> secret = stackalloc byte[KeyDelivery.MasterKeyPlaintextSize];
        try
        {
            masterKey.CopyTo(secret);
            return Seal(platform, KeyDeliveryKind.MasterKey, Hash256.Zero, masterKey.Epoch, secret, recipientIdentityKey, recipientEcdhKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// Opens contract keys delivered to <paramref name="recipient"/> and accepts them only if they match
    /// <paramref name="published"/>, the contract's public keys on chain: anyone can encrypt to an ECDH key,
    /// so this check is what stops a forged delivery from planting keys the chain never announced.
    /// </summary>
    public static bool TryOpenContractKeys(EnclaveIdentity recipient, KeyDelivery delivery, ContractPublicKeys published, [NotNullWhen(true)] out ContractKeys? keys, out string error)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(published);
        keys = null;
        if ((delivery.ContractId != published.ContractId || delivery.Epoch != published.Epoch))
        {
            error = $"key delivery refused: it is for contract {delivery.ContractId} epoch {delivery.Epoch}, not contract {published.ContractId} epoch {published.Epoch}";
            return false;
        }

        Span<byte> secrets = stackalloc byte[KeyDelivery.ContractKeysPlaintextSize];
        try
        {
            if (!TryOpen(recipient, delivery, KeyDeliveryKind.ContractKeys, secrets, out error))
            {
                return false;
            }

            var opened = new ContractKeys(delivery.ContractId, delivery.Epoch, secrets[..X25519.KeySize], secrets[X25519.KeySize..]);
            if (opened.PublicKeys != published)
            {
                opened.Dispose();
                error = $"key delivery refused: the keys it holds are not the published keys of contract {published.ContractId} epoch {published.Epoch}";
                return false;
            }

            keys = opened;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
        }
    }

    /// <summary>Opens a master key delivered to <paramref name="recipient"/>; its epoch is the delivery's (authenticated) epoch.</summary>
    public static bool TryOpenMasterKey(EnclaveIdentity recipient, KeyDelivery delivery, [NotNullWhen(true)] out MasterKey? masterKey, out string error)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(delivery);
        masterKey = null;
        Span<byte> secret = stackalloc byte[KeyDelivery.MasterKeyPlaintextSize];
        try
        {
            if (!TryOpen(recipient, delivery, KeyDeliveryKind.MasterKey, secret, out error))
            {
                return false;
            }

            if (delivery.ContractId != Hash256.Zero)
            {
                error = "key delivery refused: a master key delivery must have the zero contract id";
                return false;
            }

            masterKey = new MasterKey(secret, delivery.Epoch);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static KeyDelivery Seal(IEnclavePlatform platform, KeyDeliveryKind kind, Hash256 contractId, uint epoch, ReadOnlySpan<byte> secrets, Hash256 recipientIdentityKey, Hash256 recipientEcdhKey)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Span<byte> ephemeralSecret = stackalloc byte[X25519.KeySize];
        var nonce = new byte[Aes256Gcm.NonceSize];
        try
        {
            platform.GetRandom(ephemeralSecret);
            platform.GetRandom(nonce);
            return Seal(kind, contractId, epoch, secrets, recipientIdentityKey, recipientEcdhKey, ephemeralSecret, nonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralSecret);
        }
    }

    /// <summary>Deterministic core; tests call it with a fixed ephemeral secret and nonce for golden vectors.</summary>
    internal static KeyDelivery Seal(KeyDeliveryKind kind, Hash256 contractId, uint epoch, ReadOnlySpan<byte> secrets, Hash256 recipientIdentityKey, Hash256 recipientEcdhKey, ReadOnlySpan<byte> ephemeralSecret, byte[] nonce)
    {
        Span<byte> recipientKey = stackalloc byte[X25519.KeySize];
        Span<byte> shared = stackalloc byte[X25519.KeySize];
        Span<byte> key = stackalloc byte[Aes256Gcm.KeySize];
        Span<byte> associatedData = stackalloc byte[KeyDelivery.AssociatedDataSize];
        try
        {
            using var ephemeral = new X25519KeyPair(ephemeralSecret);
            recipientEcdhKey.CopyTo(recipientKey);
            if (!ephemeral.TryAgree(recipientKey, shared))
            {
                throw new ArgumentException($"Recipient ECDH key {recipientEcdhKey} is not a usable X25519 public key.", nameof(recipientEcdhKey));
            }

            EnvelopeKeys.DeriveKeyDeliveryKey(shared, recipientEcdhKey, contractId, epoch, key);
            KeyDelivery.WriteAssociatedData(KeyDelivery.CurrentVersion, kind, recipientIdentityKey, contractId, epoch, associatedData);
            using var aead = new Aes256Gcm(key);
            var ciphertext = aead.Seal(nonce, secrets, associatedData: associatedData);
            return new KeyDelivery(KeyDelivery.CurrentVersion, kind, recipientIdentityKey, contractId, epoch, new Hash256(ephemeral.PublicKey), nonce, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static bool TryOpen(EnclaveIdentity recipient, KeyDelivery delivery, KeyDeliveryKind kind, Span<byte> secrets, out string error)
    {
        if (delivery.Version != KeyDelivery.CurrentVersion)
        {
            error = $"key delivery refused: version {delivery.Version}, this enclave reads version {KeyDelivery.CurrentVersion}";
            return false;
        }

        if (delivery.Kind != kind)
        {
            error = $"key delivery refused: it carries {delivery.Kind}, not {kind}";
            return false;
        }

        if (delivery.Recipient != recipient.IdentityKey)
        {
            error = $"key delivery refused: it is addressed to {delivery.Recipient}, not to this enclave ({recipient.IdentityKey})";
            return false;
        }

        if (delivery.Nonce.Length != Aes256Gcm.NonceSize || delivery.Ciphertext.Length != secrets.Length + Aes256Gcm.TagSize)
        {
            error = $"key delivery refused: a {kind} ciphertext is {secrets.Length + Aes256Gcm.TagSize} bytes, not {delivery.Ciphertext.Length}";
            return false;
        }

        Span<byte> ephemeralKey = stackalloc byte[X25519.KeySize];
        Span<byte> shared = stackalloc byte[X25519.KeySize];
        Span<byte> key = stackalloc byte[Aes256Gcm.KeySize];
        Span<byte> associatedData = stackalloc byte[KeyDelivery.AssociatedDataSize];
        try
        {
            delivery.EphemeralKey.CopyTo(ephemeralKey);
            if (!recipient.Ecdh.TryAgree(ephemeralKey, shared))
            {
                error = "key delivery refused: its ephemeral key is not a usable X25519 public key";
                return false;
            }

            EnvelopeKeys.DeriveKeyDeliveryKey(shared, recipient.EcdhKey, delivery.ContractId, delivery.Epoch, key);
            KeyDelivery.WriteAssociatedData(delivery.Version, kind, recipient.IdentityKey, delivery.ContractId, delivery.Epoch, associatedData);
            using var aead = new Aes256Gcm(key);
            if (!aead.TryOpen(delivery.Nonce, delivery.Ciphertext, secrets, associatedData))
            {
                error = "key delivery refused: authentication failed (tampered, or sealed to another enclave's ECDH key)";
                return false;
            }

            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
