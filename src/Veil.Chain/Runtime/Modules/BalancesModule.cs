using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Accounts;
using Veil.Protocol.Calls;
using Veil.Protocol.Storage;

namespace Veil.Chain.Runtime.Modules;

/// <summary>Balances: the native token VEIL. transfer_allow_death and transfer_keep_alive, with Substrate's indices.</summary>
public sealed class BalancesModule : IRuntimeModule
{
    private const byte Insufficient = 2;
    private const byte ExistentialDeposit = 3;
    private const byte Expendability = 4;

    public byte Index => ModuleIndex.Balances;

    public string Name => "Balances";

    public bool IsKnownCall(byte call) => call is BalancesCall.TransferAllowDeath or BalancesCall.TransferKeepAlive;

    public DispatchError? Dispatch(in DispatchContext context, byte call, ref ScaleReader args)
    {
        BalancesCall.TryDecodeTransferArgs(ref args, out var destination, out var amount);
        if (!args.TryFinish(out var error)) return DispatchError.Undecodable(Index, error);
        return Transfer(context, context.Signer, destination, amount, keepAlive: call == BalancesCall.TransferKeepAlive);
    }

    /// <summary>Moves free balance between accounts; used by other modules too (deposits, withdrawals).</summary>
    public static DispatchError? Transfer(in DispatchContext context, AccountId from, AccountId to, UInt128 amount, bool keepAlive)
    {
        if (from == to || amount == 0)
        {
            return null;
        }

        var state = context.State;
        var events = context.Block.Events;
        var index = context.ExtrinsicIndex;
        var fromKey = StorageKey.SystemAccount(from);
        var sender = AccountStore.Get(state, fromKey);
        if (sender.Free < amount)
        {
            return new DispatchError(ModuleIndex.Balances, Insufficient, $"insufficient balance: {sender.Free} free, {amount} requested");
        }

        var remaining = sender.Free - amount;
        var ed = context.Parameters.ExistentialDeposit;
        if (keepAlive && remaining < ed)
        {
            return new DispatchError(ModuleIndex.Balances, Expendability, "transfer_keep_alive would take the sender below the existential deposit");
        }

        var toKey = StorageKey.SystemAccount(to);
        var receiver = AccountStore.Get(state, toKey);
        var isNew = receiver.Providers == 0;

        // Checked on the resulting balance, not only for new accounts: a drained account keeps its entry
        // (and providers) but holds nothing, and must not be refilled with dust below the deposit.
        if (receiver.Free + receiver.Reserved + amount < ed)
        {
            return new DispatchError(ModuleIndex.Balances, ExistentialDeposit, $"transfer of {amount} to {(isNew ? "a new" : "an emptied")} account is below the existential deposit {ed}");
        }

        sender.Free = remaining;
        if (remaining < ed && remaining > 0)
        {
            // Dust below the existential deposit is burned. The account entry (and its nonce) stays, so
            // a transaction of a drained account can never be replayed, unlike Substrate's reaping.
            sender.Free = 0;
            AccountStore.SetTotalIssuance(state, AccountStore.TotalIssuance(state) - remaining);
            events.DustLost(index, from, remaining);
        }

        AccountStore.Set(state, fromKey, sender);
        receiver.Free += amount;
        if (isNew)
        {
            receiver.Providers = 1;
            receiver.Flags = AccountInfo.NewLogicFlag;
            events.NewAccount(index, to);
            events.Endowed(index, to, amount);
        }

        AccountStore.Set(state, toKey, receiver);
        events.Transfer(index, from, to, amount);
        return null;
    }
}
