using Veil.Chain.State;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Accounts;
using Veil.Protocol.Calls;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;

namespace Veil.Chain.Runtime;

/// <summary>
/// The deterministic state transition function: checks a transaction against state, charges its fee,
/// bumps the nonce and dispatches its call to a module. No clock, no randomness, no unordered iteration.
/// </summary>
public sealed class VeilRuntime
{
    private const byte BalancesInsufficient = 2;
    private const byte BalancesExistentialDeposit = 3;
    private const byte BalancesExpendability = 4;
    private const byte CallUndecodable = 255;

    public VeilRuntime(ChainParameters parameters) => Parameters = parameters;

    public ChainParameters Parameters { get; }

    /// <summary>
    /// Checks nonce, fees and era of a signed transaction against <paramref name="state"/> for inclusion
    /// in block <paramref name="blockNumber"/>. With <paramref name="exactNonce"/> (block execution) the
    /// nonce must be the account's next; otherwise (pool) it may be up to the nonce window ahead.
    /// The signature is checked separately (it is the expensive part and runs in parallel).
    /// </summary>
    public TransactionCheck Check(IStateReader state, Extrinsic extrinsic, uint blockNumber, bool exactNonce)
    {
        if (!extrinsic.IsSigned)
        {
            return TransactionCheck.Invalid(TransactionError.Unsigned, "unsigned transactions are not accepted");
        }

        if (extrinsic.Call.Length < 2 || !IsKnownCall(extrinsic.Call[0], extrinsic.Call[1]))
        {
            return TransactionCheck.Invalid(TransactionError.BadCall, $"unknown call {(extrinsic.Call.Length >= 2 ? $"{extrinsic.Call[0]}.{extrinsic.Call[1]}" : "(empty)")}");
        }

        if (!extrinsic.Era.IsImmortal)
        {
            var birth = extrinsic.Era.Birth(blockNumber);
            if (blockNumber >= extrinsic.Era.Death(blockNumber))
            {
                return TransactionCheck.Invalid(TransactionError.Outdated, "transaction era has ended");
            }

            if (birth >= blockNumber)
            {
                return TransactionCheck.Invalid(TransactionError.AncientBirthBlock, $"era birth block {birth} is not yet known");
            }
        }

        var account = AccountStore.Get(state, extrinsic.Signer);
        if (extrinsic.Nonce < account.Nonce)
        {
            return TransactionCheck.Invalid(TransactionError.StaleNonce, $"stale nonce {extrinsic.Nonce}: the account's next nonce is {account.Nonce}");
        }

        if (exactNonce ? extrinsic.Nonce != account.Nonce : extrinsic.Nonce - account.Nonce >= Parameters.NonceWindow)
        {
            return TransactionCheck.Invalid(TransactionError.FutureNonce, $"nonce {extrinsic.Nonce} is too far ahead of the account's next nonce {account.Nonce}");
        }

        var fee = Parameters.FeeFor(extrinsic.Encoded.Length, extrinsic.Tip);
        if (account.Free < fee || account.Free - fee < Parameters.ExistentialDeposit)
        {
            return TransactionCheck.Invalid(TransactionError.CannotPayFees, $"insufficient balance for fees: fee {fee} plus existential deposit {Parameters.ExistentialDeposit} exceeds free balance {account.Free}");
        }

        return TransactionCheck.Valid;
    }

    /// <summary>
    /// Applies a transaction that passed <see cref="Check"/> with an exact nonce: charges the fee (burned),
    /// bumps the nonce, dispatches the call. A failed dispatch rolls back the call's effects only.
    /// </summary>
    public void Apply(StateOverlay state, EventLog events, Extrinsic extrinsic, uint index)
    {
        var signerKey = StorageKey.SystemAccount(extrinsic.Signer);
        var sender = AccountStore.Get(state, signerKey);
        var fee = Parameters.FeeFor(extrinsic.Encoded.Length, extrinsic.Tip);
        sender.Free -= fee;
        sender.Nonce++;
        AccountStore.Set(state, signerKey, sender);
        AccountStore.SetTotalIssuance(state, AccountStore.TotalIssuance(state) - fee);
        events.Withdraw(index, extrinsic.Signer, fee);
        state.Commit();

        var checkpoint = state.Checkpoint();
        var mark = events.Mark();
        var error = Dispatch(state, events, extrinsic, index);
        if (error is { } failure)
        {
            state.RollbackTo(checkpoint);
            events.RollbackTo(mark);
            events.ExtrinsicFailed(index, failure);
        }
        else
        {
            events.ExtrinsicSuccess(index, fee);
        }

        state.Commit();
    }

    private static bool IsKnownCall(byte module, byte call) => (module, call) switch
    {
        (ModuleIndex.System, SystemCall.Remark) => true,
        (ModuleIndex.Balances, BalancesCall.TransferAllowDeath) => true,
        (ModuleIndex.Balances, BalancesCall.TransferKeepAlive) => true,
        _ => false,
    };

    private DispatchError? Dispatch(StateOverlay state, EventLog events, Extrinsic extrinsic, uint index)
    {
        var reader = new ScaleReader(extrinsic.Call);
        var module = reader.ReadU8();
        var call = reader.ReadU8();
        switch (module, call)
        {
            case (ModuleIndex.System, SystemCall.Remark):
                {
                    var remark = reader.ReadBytes();
                    if (!reader.TryFinish(out var decodeError)) return Undecodable(module, decodeError);
                    events.Remarked(index, extrinsic.Signer, Blake2b.Hash256(remark));
                    return null;
                }

            case (ModuleIndex.Balances, BalancesCall.TransferAllowDeath):
            case (ModuleIndex.Balances, BalancesCall.TransferKeepAlive):
                {
                    BalancesCall.TryDecodeTransferArgs(ref reader, out var destination, out var amount);
                    if (!reader.TryFinish(out var decodeError)) return Undecodable(module, decodeError);
                    return Transfer(state, events, index, extrinsic.Signer, destination, amount, keepAlive: call == BalancesCall.TransferKeepAlive);
                }

            default:
                return new DispatchError(module, CallUndecodable, $"unknown call {module}.{call}");
        }
    }

    private DispatchError? Transfer(StateOverlay state, EventLog events, uint index, AccountId from, AccountId to, UInt128 amount, bool keepAlive)
    {
        if (from == to || amount == 0)
        {
            return null;
        }

        var fromKey = StorageKey.SystemAccount(from);
        var sender = AccountStore.Get(state, fromKey);
        if (sender.Free < amount)
        {
            return new DispatchError(ModuleIndex.Balances, BalancesInsufficient, $"insufficient balance: {sender.Free} free, {amount} requested");
        }

        var remaining = sender.Free - amount;
        var ed = Parameters.ExistentialDeposit;
        if (keepAlive && remaining < ed)
        {
            return new DispatchError(ModuleIndex.Balances, BalancesExpendability, "transfer_keep_alive would take the sender below the existential deposit");
        }

        var toKey = StorageKey.SystemAccount(to);
        var receiver = AccountStore.Get(state, toKey);
        var isNew = receiver.Providers == 0;
        if (isNew && amount < ed)
        {
            return new DispatchError(ModuleIndex.Balances, BalancesExistentialDeposit, $"transfer of {amount} to a new account is below the existential deposit {ed}");
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

    private static DispatchError Undecodable(byte module, string error) => new(module, CallUndecodable, $"call arguments do not decode: {error}");
}
