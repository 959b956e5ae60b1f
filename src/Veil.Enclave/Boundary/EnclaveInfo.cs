using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Boundary;

/// <summary>What an enclave tells its host about itself: its public keys, code measurement, role, the
/// chain it follows, the last block it accepted and the sequence of its next own message.</summary>
public sealed record EnclaveInfo(
    Hash256 IdentityKey,
    Hash256 EcdhKey,
    Hash256 Measurement,
    WorkerRole Role,
    Hash256 GenesisHash,
    uint LastNumber,
    Hash256 LastHash,
    ulong NextSequence)
{
    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteHash(IdentityKey);
        writer.WriteHash(EcdhKey);
        writer.WriteHash(Measurement);
        writer.WriteU8((byte)Role);
        writer.WriteHash(GenesisHash);
        writer.WriteU32(LastNumber);
        writer.WriteHash(LastHash);
        writer.WriteU64(NextSequence);
    }

    public static EnclaveInfo Decode(ref ScaleReader reader)
        => new(reader.ReadHash(), reader.ReadHash(), reader.ReadHash(), (WorkerRole)reader.ReadU8(), reader.ReadHash(), reader.ReadU32(), reader.ReadHash(), reader.ReadU64());
}
