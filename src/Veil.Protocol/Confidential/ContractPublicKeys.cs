using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Confidential;

/// <summary>
/// A contract's public keys for one key epoch (DESIGN §6), published on chain by the gatekeeper: users
/// encrypt commands and queries to <see cref="EcdhKey"/>, and <see cref="SigningKey"/> verifies the
/// contract's outgoing queue messages. SCALE: <c>contract id [u8; 32] ‖ epoch u32 ‖ ECDH key [u8; 32] ‖
/// signing key [u8; 32]</c>.
/// </summary>
public sealed record ContractPublicKeys(Hash256 ContractId, uint Epoch, Hash256 EcdhKey, Hash256 SigningKey)
{
    public const int EncodedSize = Hash256.Size + sizeof(uint) + Hash256.Size + Hash256.Size;

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteHash(ContractId);
        writer.WriteU32(Epoch);
        writer.WriteHash(EcdhKey);
        writer.WriteHash(SigningKey);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(stackalloc byte[EncodedSize]);
        Encode(ref writer);
        return writer.ToArray();
    }

    public static ContractPublicKeys Decode(ref ScaleReader reader)
        => new(reader.ReadHash(), reader.ReadU32(), reader.ReadHash(), reader.ReadHash());

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ContractPublicKeys keys, out string error)
    {
        var reader = new ScaleReader(bytes);
        keys = Decode(ref reader);
        return reader.TryFinish(out error);
    }
}
