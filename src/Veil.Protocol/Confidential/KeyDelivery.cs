using System.Buffers.Binary;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// Secret keys encrypted to one enclave's ECDH key (DESIGN §6): a contract's keys for a worker of its
/// cluster, or the master key for a new gatekeeper, sent as a queue message. The sender makes an
/// ephemeral X25519 key; the AEAD key is HKDF(X25519(ephemeral, recipient ECDH key), "veil/key-delivery",
/// recipient ECDH key ‖ contract id ‖ epoch); the associated data binds the header
/// (<see cref="WriteAssociatedData"/>), so a delivery cannot be redirected to another recipient, contract,
/// epoch or kind. SCALE: <c>version u8 ‖ kind u8 ‖ recipient identity key [u8; 32] ‖ contract id [u8; 32]
/// ‖ epoch u32 ‖ ephemeral key [u8; 32] ‖ nonce [u8; 12] ‖ ciphertext Vec&lt;u8&gt;</c>. A master-key
/// delivery has the zero contract id.
/// </summary>
/// <remarks>
/// Anyone can encrypt to a public ECDH key, so the AEAD proves secrecy, not the sender: the recipient
/// trusts a delivery because it arrived in a queue message whose origin the chain verified as the
/// gatekeeper, and it checks opened contract keys against the public keys published on chain.
/// </remarks>
public sealed record KeyDelivery(
    byte Version,
    KeyDeliveryKind Kind,
    Hash256 Recipient,
    Hash256 ContractId,
    uint Epoch,
    Hash256 EphemeralKey,
    byte[] Nonce,
    byte[] Ciphertext)
{
    public const byte CurrentVersion = 1;

    /// <summary>Contract keys: ECDH secret ‖ signing seed.</summary>
    public const int ContractKeysPlaintextSize = X25519.KeySize + Ed25519.SeedSize;

    public const int MasterKeyPlaintextSize = 32;

    /// <summary>AD: "veil/key-delivery" ‖ version ‖ kind ‖ recipient identity key ‖ contract id ‖ epoch u32.</summary>
    public const int AssociatedDataSize = 17 + 1 + 1 + Hash256.Size + Hash256.Size + sizeof(uint);

    private const int MaxCiphertextLength = ContractKeysPlaintextSize + Aes256Gcm.TagSize;

    private static ReadOnlySpan<byte> Domain => "veil/key-delivery"u8;

    public static void WriteAssociatedData(byte version, KeyDeliveryKind kind, Hash256 recipient, Hash256 contractId, uint epoch, Span<byte> destination)
    {
        if (destination.Length != AssociatedDataSize)
        {
            throw new ArgumentException($"Key delivery associated data is {AssociatedDataSize} bytes, not {destination.Length}.", nameof(destination));
        }

        Domain.CopyTo(destination);
        var at = Domain.Length;
        destination[at++] = version;
        destination[at++] = (byte)kind;
        recipient.CopyTo(destination[at..]);
        at += Hash256.Size;
        contractId.CopyTo(destination[at..]);
        at += Hash256.Size;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[at..], epoch);
    }

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteVariant((byte)Kind);
        writer.WriteHash(Recipient);
        writer.WriteHash(ContractId);
        writer.WriteU32(Epoch);
        writer.WriteHash(EphemeralKey);
        writer.WriteRaw(Nonce);
        writer.WriteBytes(Ciphertext);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(2 + 96 + 4 + Aes256Gcm.NonceSize + 2 + Ciphertext.Length);
        try
        {
            Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes a delivery from untrusted bytes (structure only); never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out KeyDelivery delivery, out string error)
    {
        var reader = new ScaleReader(bytes);
        var version = reader.ReadU8();
        var kind = (KeyDeliveryKind)reader.ReadVariant(2, nameof(KeyDeliveryKind));
        var recipient = reader.ReadHash();
        var contractId = reader.ReadHash();
        var epoch = reader.ReadU32();
        var ephemeral = reader.ReadHash();
        var nonce = reader.ReadRaw(Aes256Gcm.NonceSize).ToArray();
        var ciphertext = reader.ReadBytes(MaxCiphertextLength).ToArray();
        delivery = new KeyDelivery(version, kind, recipient, contractId, epoch, ephemeral, nonce, ciphertext);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"key delivery does not decode: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
