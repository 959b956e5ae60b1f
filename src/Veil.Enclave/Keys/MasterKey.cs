using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;
using Veil.Enclave.Platform;

namespace Veil.Enclave.Keys;

/// <summary>
/// The gatekeeper's master key for one key epoch (DESIGN §6): 32 bytes from platform randomness, from
/// which every contract key of the epoch is derived. It leaves the enclave only sealed (for the host to
/// store) or in a <c>KeyDelivery</c> to another gatekeeper's ECDH key. Disposing zeroes it.
/// </summary>
/// <remarks>
/// Sealed plaintext, SCALE: <c>version u8 (1) ‖ key [u8; 32]</c>, with associated data
/// <c>"veil/master-key" ‖ epoch u32</c>, so a sealed key of one epoch cannot be passed off as another's.
/// </remarks>
public sealed class MasterKey : IDisposable
{
    public const int Size = 32;

    public const byte SealFormatVersion = 1;

    private static ReadOnlySpan<byte> SealDomain => "veil/master-key"u8;

    private readonly SecretBuffer _key;

    internal MasterKey(ReadOnlySpan<byte> key, uint epoch)
    {
        if (key.Length != Size)
        {
            throw new ArgumentException($"A master key is {Size} bytes, not {key.Length}.", nameof(key));
        }

        _key = SecretBuffer.CopyOf(key);
        Epoch = epoch;
    }

    public uint Epoch { get; }

    /// <summary>A new master key for <paramref name="epoch"/> from <paramref name="platform"/>'s randomness.</summary>
    public static MasterKey Generate(IEnclavePlatform platform, uint epoch)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Span<byte> key = stackalloc byte[Size];
        try
        {
            platform.GetRandom(key);
            return new MasterKey(key, epoch);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The keys of contract <paramref name="contractId"/> in this epoch; the same on every enclave holding this key.</summary>
    public ContractKeys DeriveContractKeys(Hash256 contractId) => ContractKeys.Derive(_key.AsSpan(), contractId, Epoch);

    /// <summary>The key sealed by <paramref name="platform"/>, for the host to store.</summary>
    public byte[] Seal(IEnclavePlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Span<byte> plaintext = stackalloc byte[1 + Size];
        Span<byte> associatedData = stackalloc byte[SealDomain.Length + sizeof(uint)];
        try
        {
            plaintext[0] = SealFormatVersion;
            _key.AsSpan().CopyTo(plaintext[1..]);
            WriteSealAssociatedData(Epoch, associatedData);
            return platform.Seal(plaintext, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Restores the master key of <paramref name="epoch"/> sealed by <see cref="Seal"/>. A blob that was
    /// altered, belongs to another epoch, was sealed on another platform or by another enclave, or is not
    /// a master key is refused with the reason in <paramref name="error"/>.
    /// </summary>
    public static bool TryUnseal(IEnclavePlatform platform, ReadOnlySpan<byte> sealedKey, uint epoch, [NotNullWhen(true)] out MasterKey? masterKey, out string error)
    {
        ArgumentNullException.ThrowIfNull(platform);
        masterKey = null;
        Span<byte> associatedData = stackalloc byte[SealDomain.Length + sizeof(uint)];
        WriteSealAssociatedData(epoch, associatedData);
        if (!platform.TryUnseal(sealedKey, associatedData, out var plaintext, out var unsealError))
        {
            error = $"sealed master key for epoch {epoch} refused: {unsealError}";
            return false;
        }

        try
        {
            var reader = new ScaleReader(plaintext);
            var version = reader.ReadU8();
            var key = reader.ReadRaw(Size);
            if (!reader.TryFinish(out var decodeError))
            {
                error = $"sealed master key for epoch {epoch} refused: its contents do not decode: {decodeError}";
                return false;
            }

            if (version != SealFormatVersion)
            {
                error = $"sealed master key for epoch {epoch} refused: format version {version}, this enclave reads version {SealFormatVersion}";
                return false;
            }

            masterKey = new MasterKey(key, epoch);
            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Copies the key out for a key delivery; the caller zeroes <paramref name="destination"/>.</summary>
    internal void CopyTo(Span<byte> destination) => _key.AsSpan().CopyTo(destination);

    public void Dispose() => _key.Dispose();

    public override string ToString() => $"MasterKey(epoch {Epoch})";

    private static void WriteSealAssociatedData(uint epoch, Span<byte> destination)
    {
        SealDomain.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SealDomain.Length..], epoch);
    }
}
