using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Contracts;

/// <summary>
/// A deployed confidential contract as the Contracts module stores it: id, built-in kind, deployer,
/// the cluster of workers that run it, when it was deployed, and — once the gatekeeper has published
/// them — its key epoch and public keys (X25519 for users to encrypt to, Ed25519 for its messages).
/// </summary>
public sealed record ContractInfo(Hash256 Id, string Kind, AccountId Deployer, IReadOnlyList<Hash256> Cluster, uint DeployedAt, uint Epoch, Hash256 EcdhKey, Hash256 SigningKey)
{
    public const int MaxClusterSize = 16;
    public const int MaxKindLength = 64;

    /// <summary>True once the gatekeeper has published the contract's keys.</summary>
    public bool HasKeys => !SigningKey.IsZero;

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteHash(Id);
        writer.WriteString(Kind);
        writer.WriteAccount(Deployer);
        writer.WriteLength(Cluster.Count);
        foreach (var worker in Cluster) writer.WriteHash(worker);
        writer.WriteU32(DeployedAt);
        writer.WriteU32(Epoch);
        writer.WriteHash(EcdhKey);
        writer.WriteHash(SigningKey);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(256 + (Cluster.Count * 32));
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

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ContractInfo info, out string error)
    {
        var reader = new ScaleReader(bytes);
        var id = reader.ReadHash();
        var kind = reader.ReadString(MaxKindLength);
        var deployer = reader.ReadAccount();
        var count = reader.ReadLength(MaxClusterSize, 32);
        var cluster = new List<Hash256>(count);
        for (var i = 0; i < count; i++) cluster.Add(reader.ReadHash());
        info = new ContractInfo(id, kind, deployer, cluster, reader.ReadU32(), reader.ReadU32(), reader.ReadHash(), reader.ReadHash());
        return reader.TryFinish(out error);
    }
}
