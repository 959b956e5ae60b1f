using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// An encrypted contract command (DESIGN §6), pushed to the chain inside a signed extrinsic and read
/// by the contract's workers. SCALE: <c>version u8 ‖ epoch u32 ‖ sender ephemeral key [u8; 32] ‖
/// nonce [u8; 12] ‖ ciphertext Vec&lt;u8&gt;</c>. The ciphertext is AES-256-GCM (tag appended) of the
/// padded command under HKDF(X25519(ephemeral, contract ECDH key), "veil/command", ephemeral ‖ contract
/// key), with associated data <c>contract id ‖ signer ‖ genesis hash</c>: a relayer cannot move the
/// command to another contract, another signer's extrinsic or another chain.
/// </summary>
/// <remarks>
/// Version and epoch are not in the associated data (the spec fixes it), but they cannot be altered
/// unnoticed: the opener accepts only its own version and epoch, and a command sealed for another
/// epoch's key fails authentication. Replays are the chain's job: the envelope rides in a signed
/// extrinsic whose account nonce is used once, so a captured extrinsic cannot run twice, and the signer
/// is in the associated data, so no one else can re-wrap the envelope. The signer itself can re-submit
/// the same envelope in a new extrinsic and it runs again, like sending a second identical command.
/// </remarks>
public sealed record CommandEnvelope(byte Version, uint Epoch, Hash256 SenderEphemeralKey, byte[] Nonce, byte[] Ciphertext)
{
    public const byte CurrentVersion = 1;

    /// <summary>Largest command: the 64 KiB bucket minus the length prefix.</summary>
    public const int MaxCommandLength = PlaintextPadding.LargestBucket - PlaintextPadding.LengthPrefixSize;

    public const int MaxCiphertextLength = PlaintextPadding.LargestBucket + Aes256Gcm.TagSize;

    /// <summary>Associated data length: contract id ‖ signer ‖ genesis hash.</summary>
    public const int AssociatedDataSize = Hash256.Size + AccountId.Size + Hash256.Size;

    public static void WriteAssociatedData(Hash256 contractId, AccountId signer, Hash256 genesisHash, Span<byte> destination)
    {
        if (destination.Length != AssociatedDataSize)
        {
            throw new ArgumentException($"Command associated data is {AssociatedDataSize} bytes, not {destination.Length}.", nameof(destination));
        }

        contractId.CopyTo(destination);
        signer.CopyTo(destination[Hash256.Size..]);
        genesisHash.CopyTo(destination[(Hash256.Size + AccountId.Size)..]);
    }

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU32(Epoch);
        writer.WriteHash(SenderEphemeralKey);
        writer.WriteRaw(Nonce);
        writer.WriteBytes(Ciphertext);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(1 + 4 + 32 + Aes256Gcm.NonceSize + 5 + Ciphertext.Length);
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

    /// <summary>
    /// Decodes an envelope from untrusted bytes; never throws. Only the structure is checked here (sizes,
    /// no trailing bytes, a ciphertext no longer than the largest bucket); the opener checks the rest.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out CommandEnvelope envelope, out string error)
    {
        var reader = new ScaleReader(bytes);
        var version = reader.ReadU8();
        var epoch = reader.ReadU32();
        var ephemeral = reader.ReadHash();
        var nonce = reader.ReadRaw(Aes256Gcm.NonceSize).ToArray();
        var ciphertext = reader.ReadBytes(MaxCiphertextLength).ToArray();
        envelope = new CommandEnvelope(version, epoch, ephemeral, nonce, ciphertext);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"command envelope does not decode: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
