using Veil.Chain.State;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;

namespace Veil.Chain.Runtime;

/// <summary>
/// The deterministic state transition function: checks a transaction against state, charges its fee,
/// bumps the nonce and dispatches its call to a module. No clock, no randomness, no unordered iteration.
/// </summary>
public sealed class VeilRuntime
{
    // Indexed by module index: dispatch is one array lookup.
    private readonly IRuntimeModule?[] _modules = new IRuntimeModule?[256];

    public VeilRuntime(ChainParameters parameters, IEnumerable<IRuntimeModule> modules)
    {
        Parameters = parameters;
        foreach (var module in modules)
        {
            if (_modules[module.Index] is not null)
            {
                throw new ArgumentException($"Two runtime modules claim index {module.Index}.", nameof(modules));
            }

            _modules[module.Index] = module;
        }
    }

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
    /// bumps the nonce, dispatches the call. A failed dispatch rolls back the call's state changes, events
    /// and queue messages, keeping only the fee and nonce.
    /// </summary>
    public DispatchError? Apply(StateOverlay state, BlockContext block, Extrinsic extrinsic, uint index)
    {
        var signerKey = StorageKey.SystemAccount(extrinsic.Signer);
        var sender = AccountStore.Get(state, signerKey);
        var fee = Parameters.FeeFor(extrinsic.Encoded.Length, extrinsic.Tip);
        sender.Free -= fee;
        sender.Nonce++;
        AccountStore.Set(state, signerKey, sender);
        AccountStore.SetTotalIssuance(state, AccountStore.TotalIssuance(state) - fee);
        block.Events.Withdraw(index, extrinsic.Signer, fee);
        state.Commit();

        var checkpoint = state.Checkpoint();
        var eventMark = block.Events.Mark();
        var messageMark = block.Messages.Mark();
        var reader = new ScaleReader(extrinsic.Call);
        var module = _modules[reader.ReadU8()]!;
        var call = reader.ReadU8();
        var error = module.Dispatch(new DispatchContext(state, block, extrinsic.Signer, index, Parameters), call, ref reader);
        if (error is { } failure)
        {
            state.RollbackTo(checkpoint);
            block.Events.RollbackTo(eventMark);
            block.Messages.RollbackTo(messageMark);
            block.Events.ExtrinsicFailed(index, failure);
        }
        else
        {
            block.Events.ExtrinsicSuccess(index, fee);
        }

        state.Commit();
        return error;
    }

    private bool IsKnownCall(byte module, byte call) => _modules[module]?.IsKnownCall(call) == true;
}
