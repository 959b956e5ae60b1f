using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Calls;

/// <summary>Calls of the Contracts module.</summary>
public static class ContractsCall
{
    /// <summary>deploy_builtin(kind: String, cluster: Vec&lt;[u8; 32]&gt;): deploy a built-in contract to registered workers.</summary>
    public const byte DeployBuiltin = 0;

    /// <summary>deposit(contract: [u8; 32], amount: Compact&lt;u128&gt;): lock public VEIL into a contract.</summary>
    public const byte Deposit = 1;

    /// <summary>add_worker(contract: [u8; 32], worker: [u8; 32]): the deployer adds a registered worker to the contract's cluster.</summary>
    public const byte AddWorker = 2;

    /// <summary>upload_code(code: Vec&lt;u8&gt;): store WebAssembly contract code under its BLAKE2b-256 hash (idempotent).</summary>
    public const byte UploadCode = 3;

    /// <summary>instantiate(code_hash: [u8; 32], cluster: Vec&lt;[u8; 32]&gt;, constructor: Vec&lt;u8&gt;): deploy uploaded code to registered workers; the constructor input (selector ‖ SCALE args) is public.</summary>
    public const byte Instantiate = 4;

    public static byte[] CreateUploadCode(ReadOnlySpan<byte> code)
    {
        var writer = new ScaleWriter(code.Length + 8);
        try
        {
            writer.WriteU8(ModuleIndex.Contracts);
            writer.WriteU8(UploadCode);
            writer.WriteBytes(code);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static byte[] CreateInstantiate(Hash256 codeHash, IReadOnlyList<Hash256> cluster, ReadOnlySpan<byte> constructor)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var writer = new ScaleWriter(48 + (cluster.Count * 32) + constructor.Length);
        try
        {
            writer.WriteU8(ModuleIndex.Contracts);
            writer.WriteU8(Instantiate);
            writer.WriteHash(codeHash);
            writer.WriteLength(cluster.Count);
            foreach (var worker in cluster) writer.WriteHash(worker);
            writer.WriteBytes(constructor);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static byte[] CreateDeployBuiltin(string kind, IReadOnlyList<Hash256> cluster)
    {
        var writer = new ScaleWriter(64 + (cluster.Count * 32));
        try
        {
            writer.WriteU8(ModuleIndex.Contracts);
            writer.WriteU8(DeployBuiltin);
            writer.WriteString(kind);
            writer.WriteLength(cluster.Count);
            foreach (var worker in cluster) writer.WriteHash(worker);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static byte[] CreateDeposit(Hash256 contract, UInt128 amount)
    {
        var writer = new ScaleWriter(64);
        try
        {
            writer.WriteU8(ModuleIndex.Contracts);
            writer.WriteU8(Deposit);
            writer.WriteHash(contract);
            writer.WriteCompact(amount);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static byte[] CreateAddWorker(Hash256 contract, Hash256 worker)
    {
        var writer = new ScaleWriter(2 + (2 * Hash256.Size));
        try
        {
            writer.WriteU8(ModuleIndex.Contracts);
            writer.WriteU8(AddWorker);
            writer.WriteHash(contract);
            writer.WriteHash(worker);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
