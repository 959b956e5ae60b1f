using System.Buffers.Binary;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// A <see cref="QueryRequest"/> encrypted to a contract's ECDH key (DESIGN §5), sent straight to a worker
/// over HTTP. SCALE: <c>version u8 ‖ epoch u32 ‖ contract id [u8; 32] ‖ ephemeral key [u8; 32] ‖ nonce
/// [u8; 12] ‖ ciphertext Vec&lt;u8&gt;</c>. The contract id is in clear so the worker can route it. The
/// ciphertext is AES-256-GCM of the padded, SCALE-encoded request under HKDF(X25519(ephemeral, contract
/// key), "veil/query", ephemeral ‖ contract key), with associated data <c>version ‖ epoch ‖ contract id ‖
/// genesis hash</c>, so none of the clear header can be changed.
/// </summary>
public sealed record SealedQuery(byte Version, uint Epoch, Hash256 ContractId, Hash256 EphemeralKey, byte[] Nonce, byte[] Ciphertext)
{
    public const byte CurrentVersion = 1;

    public const int MaxCiphertextLength = PlaintextPadding.LargestBucket + Aes256Gcm.TagSize;

    public const int AssociatedDataSize = 1 + sizeof(uint) + Hash256.Size + Hash256.Size;

    public static void WriteAssociatedData(byte version, uint epoch, Hash256 contractId, Hash256 genesisHash, Span<byte> destination)
    {
        if (destination.Length != AssociatedDataSize)
        {
            throw new ArgumentException($"Query associated data is {AssociatedDataSize} bytes, not {destination.Length}.", nameof(destination));
        }

        destination[0] = version;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], epoch);
        contractId.CopyTo(destination[5..]);
        genesisHash.CopyTo(destination[(5 + Hash256.Size)..]);
    }

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU32(Epoch);
        writer.WriteHash(ContractId);
        writer.WriteHash(EphemeralKey);
        writer.WriteRaw(Nonce);
        writer.WriteBytes(Ciphertext);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(1 + 4 + 64 + Aes256Gcm.NonceSize + 5 + Ciphertext.Length);
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

    /// <summary>Decodes a sealed query from untrusted bytes (structure only); never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out SealedQuery query, out string error)
    {
        var reader = new ScaleReader(bytes);
        var version = reader.ReadU8();
        var epoch = reader.ReadU32();
        var contractId = reader.ReadHash();
        var ephemeral = reader.ReadHash();
        var nonce = reader.ReadRaw(Aes256Gcm.NonceSize).ToArray();
        var ciphertext = reader.ReadBytes(MaxCiphertextLength).ToArray();
        query = new SealedQuery(version, epoch, contractId, ephemeral, nonce, ciphertext);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"sealed query does not decode: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
