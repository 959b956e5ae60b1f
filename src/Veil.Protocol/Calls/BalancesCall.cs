using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Calls;

/// <summary>Calls of the Balances module, with Substrate's call indices and argument encoding.</summary>
public static class BalancesCall
{
    /// <summary>transfer_allow_death(dest: MultiAddress, value: Compact&lt;u128&gt;): may reap the sender.</summary>
    public const byte TransferAllowDeath = 0;

    /// <summary>transfer_keep_alive(dest, value): refuses to take the sender below the existential deposit.</summary>
    public const byte TransferKeepAlive = 3;

    public static byte[] Transfer(AccountId destination, UInt128 amount, bool keepAlive = false)
    {
        var writer = new ScaleWriter(stackalloc byte[64]);
        try
        {
            writer.WriteU8(ModuleIndex.Balances);
            writer.WriteU8(keepAlive ? TransferKeepAlive : TransferAllowDeath);
            writer.WriteU8(0); // MultiAddress::Id
            writer.WriteAccount(destination);
            writer.WriteCompact(amount);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes the arguments of a transfer call (the reader is positioned after the call index).</summary>
    public static bool TryDecodeTransferArgs(ref ScaleReader reader, out AccountId destination, out UInt128 amount)
    {
        destination = default;
        amount = 0;
        var addressKind = reader.ReadU8();
        if (!reader.Failed && addressKind != 0)
        {
            reader.Fail($"unsupported destination address kind {addressKind} (only MultiAddress::Id is accepted)");
            return false;
        }

        destination = reader.ReadAccount();
        amount = reader.ReadCompactU128();
        return !reader.Failed;
    }
}
