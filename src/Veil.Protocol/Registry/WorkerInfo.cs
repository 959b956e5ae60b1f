using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Registry;

/// <summary>
/// A registered, attested enclave as the Registry stores it and announces it on the queue topic
/// <c>veil/registry/event</c>: its identity (signing) key, its ECDH key (for key delivery), the operator
/// account that registered it, its measurement, role, and when it was first registered and last attested.
/// </summary>
public sealed record WorkerInfo(Hash256 IdentityKey, Hash256 EcdhKey, AccountId Operator, Hash256 Measurement, WorkerRole Role, uint RegisteredAt, ulong AttestedAt)
{
    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteHash(IdentityKey);
        writer.WriteHash(EcdhKey);
        writer.WriteAccount(Operator);
        writer.WriteHash(Measurement);
        writer.WriteU8((byte)Role);
        writer.WriteU32(RegisteredAt);
        writer.WriteU64(AttestedAt);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(stackalloc byte[160]);
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

    public static WorkerInfo Decode(ref ScaleReader reader)
        => new(reader.ReadHash(), reader.ReadHash(), reader.ReadAccount(), reader.ReadHash(), (WorkerRole)reader.ReadVariant(2, "WorkerRole"), reader.ReadU32(), reader.ReadU64());

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WorkerInfo info, out string error)
    {
        var reader = new ScaleReader(bytes);
        info = Decode(ref reader);
        return reader.TryFinish(out error);
    }
}
