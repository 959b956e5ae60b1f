using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Contracts.Runtime;

/// <summary>
/// A deployed built-in contract on one worker: its id, code and state. It runs each command in a
/// state transaction under a fresh gas budget and rolls back on any refusal or on out-of-gas, so a
/// command either applies completely or not at all. Not thread-safe: the enclave gives each contract
/// its own queue and runs it on one thread at a time (different contracts in parallel).
/// </summary>
public sealed class ContractInstance
{
    public ContractInstance(Hash256 id, IConfidentialContract contract, ContractState? state = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Id = id;
        Contract = contract;
        State = state ?? new ContractState();
    }

    public Hash256 Id { get; }

    public IConfidentialContract Contract { get; }

    public ContractState State { get; }

    /// <summary>The hash workers report on chain (see <see cref="ContractState.ComputeHash"/>).</summary>
    public Hash256 StateHash => State.ComputeHash();

    public ContractOutcome Handle(ReadOnlySpan<byte> command, Origin origin, ulong blockNumber, ulong gasLimit = GasMeter.DefaultCommandLimit)
    {
        var gas = new GasMeter(gasLimit);
        if (!gas.TryCharge(GasCost.Command(command.Length)))
        {
            return ContractOutcome.Failed(ContractResult.OutOfGas.Error!.Value, gas.Used);
        }

        var context = new ContractContext(Id, blockNumber, State, gas);
        State.Begin();
        ContractResult result;
        try
        {
            result = Contract.Handle(command, origin, context);
        }
        catch
        {
            // A throwing built-in contract is a bug; keep the state consistent before it surfaces.
            State.Rollback();
            throw;
        }

        // Out of gas wins over whatever the contract returned: it may have carried on after a failed charge.
        if (gas.IsExhausted)
        {
            result = ContractResult.OutOfGas;
        }

        if (result.Error is { } error)
        {
            State.Rollback();
            return ContractOutcome.Failed(error, gas.Used);
        }

        State.Commit();
        return ContractOutcome.Succeeded(context.Receipt, context.Messages, gas.Used);
    }

    public QueryResult Query(ReadOnlySpan<byte> query, AccountId querier, ulong gasLimit = GasMeter.DefaultQueryLimit)
    {
        var gas = new GasMeter(gasLimit);
        if (!gas.TryCharge(GasCost.Query(query.Length)))
        {
            return QueryResult.Fail(ContractResult.OutOfGas.Error!.Value);
        }

        var result = Contract.Query(query, querier, new QueryContext(Id, State, gas));
        return gas.IsExhausted ? QueryResult.Fail(ContractResult.OutOfGas.Error!.Value) : result;
    }
}
