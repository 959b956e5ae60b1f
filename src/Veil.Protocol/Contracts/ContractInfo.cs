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
    /// <summary>Longest kind: a built-in's name, or <c>wasm:0x</c> ‖ 64 hex digits of the code hash (71 characters).</summary>
    public const int MaxKindLength = 80;

    /// <summary>Kind prefix of a WebAssembly contract; the rest is its code hash.</summary>
    public const string WasmKindPrefix = "wasm:";

    /// <summary>True once the gatekeeper has published the contract's keys.</summary>
    public bool HasKeys => !SigningKey.IsZero;

    /// <summary>True for a WebAssembly contract (kind <c>wasm:&lt;code hash&gt;</c>).</summary>
    public bool IsWasm => Kind.StartsWith(WasmKindPrefix, StringComparison.Ordinal);

    /// <summary>The kind of a WebAssembly contract whose code hashes to <paramref name="codeHash"/>.</summary>
    public static string WasmKind(Hash256 codeHash) => WasmKindPrefix + codeHash.ToString();

    /// <summary>The code hash a <c>wasm:</c> kind names.</summary>
    public bool TryGetCodeHash(out Hash256 codeHash)
    {
        codeHash = default;
        return IsWasm && Hash256.TryParse(Kind[WasmKindPrefix.Length..], out codeHash);
    }

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
        info = Decode(ref reader);
        return reader.TryFinish(out error);
    }

    /// <summary>Reads one record; check <see cref="ScaleReader.Failed"/> or finish the reader afterwards.</summary>
    public static ContractInfo Decode(ref ScaleReader reader)
    {
        var id = reader.ReadHash();
        var kind = reader.ReadString(MaxKindLength);
        var deployer = reader.ReadAccount();
        var count = reader.ReadLength(MaxClusterSize, 32);
        var cluster = new List<Hash256>(count);
        for (var i = 0; i < count; i++) cluster.Add(reader.ReadHash());
        return new ContractInfo(id, kind, deployer, cluster, reader.ReadU32(), reader.ReadU32(), reader.ReadHash(), reader.ReadHash());
    }
}
