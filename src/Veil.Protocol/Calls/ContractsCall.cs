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
