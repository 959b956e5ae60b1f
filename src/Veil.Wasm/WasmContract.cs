using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Messaging;
using Veil.Wasm.Host;

namespace Veil.Wasm;

/// <summary>
/// A WebAssembly contract with the ink! / pallet-contracts ABI (DESIGN §7), run by the same
/// <see cref="ContractInstance"/> as the built-in contracts: commands are SCALE
/// <see cref="WasmInvocation"/>s (deploy once, then calls), queries <see cref="WasmQuery"/>s run
/// read-only. State lives in the instance's <see cref="ContractState"/>, so a revert, a trap or running
/// out of gas rolls back everything the command did, and the state hash covers the contract's storage.
/// Like every contract it keeps no mutable fields: one instance of this class can serve many contracts
/// with the same code.
/// </summary>
public sealed class WasmContract : IConfidentialContract
{
    /// <summary>Revert data shown in an error message is cut to this many bytes (the message is bounded).</summary>
    private const int MaxRevertBytesShown = 256;

    // Set once the constructor succeeded; a second deploy, or a call before it, is refused.
    private static readonly byte[] DeployedKey = WasmExecution.StateKey(WasmExecution.HostKeyPrefix, "deployed"u8);

    public WasmContract(WasmCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        Code = code;
    }

    public string Name => "Wasm";

    public WasmCode Code { get; }

    /// <summary>
    /// The 32-byte AccountId <c>seal0.caller</c> reports. Accounts, workers and contracts have one; a
    /// module, the gatekeeper or another chain gets <c>BLAKE2b-256("veil/origin" ‖ SCALE(origin))</c>, stable
    /// and unforgeable by any key holder.
    /// </summary>
    public static Hash256 CallerOf(Origin origin)
    {
        if (origin.Kind is OriginKind.Account or OriginKind.Worker or OriginKind.Contract)
        {
            return origin.Id;
        }

        var writer = new ScaleWriter(96);
        try
        {
            writer.WriteRaw("veil/origin"u8);
            origin.Encode(ref writer);
            return Blake2b.Hash256(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }

    public ContractResult Handle(ReadOnlySpan<byte> command, Origin origin, ContractContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!WasmInvocation.TryDecode(command, out var invocation, out var error))
        {
            return ContractResult.Fail(ContractErrorKind.Malformed, $"not a WebAssembly invocation: {error}");
        }

        var deployed = context.TryRead(DeployedKey, out _);
        if (context.Gas.IsExhausted)
        {
            return ContractResult.OutOfGas;
        }

        if (invocation.Entry == WasmEntry.Deploy && deployed)
        {
            return ContractResult.Fail(ContractErrorKind.UnknownCommand, "the contract is already deployed");
        }

        if (invocation.Entry == WasmEntry.Call && !deployed)
        {
            return ContractResult.Fail(ContractErrorKind.UnknownCommand, "the contract is not deployed yet");
        }

        var environment = new WasmEnvironment(CallerOf(origin), context.ContractId, invocation.Value, context.BlockNumber, invocation.Timestamp, invocation.Input);
        var outcome = WasmExecution.Run(Code, invocation.Entry, environment, context);
        if (outcome.Status != WasmStatus.Returned)
        {
            return ContractResult.Fail(Describe(outcome));
        }

        if (invocation.Entry == WasmEntry.Deploy && !context.TryWrite(DeployedKey, [1]))
        {
            return ContractResult.OutOfGas;
        }

        return context.TrySetReceipt(new WasmReceipt(outcome.Output, outcome.Events).Encode())
            ? ContractResult.Success
            : ContractResult.OutOfGas;
    }

    public QueryResult Query(ReadOnlySpan<byte> query, AccountId querier, QueryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!WasmQuery.TryDecode(query, out var request, out var error))
        {
            return QueryResult.Fail(ContractErrorKind.Malformed, $"not a WebAssembly query: {error}");
        }

        if (!context.TryRead(DeployedKey, out _))
        {
            return context.Gas.IsExhausted
                ? QueryResult.Fail(ContractResult.OutOfGas.Error!.Value)
                : QueryResult.Fail(ContractErrorKind.UnknownCommand, "the contract is not deployed yet");
        }

        var environment = new WasmEnvironment(CallerOf(Origin.Account(querier)), context.ContractId, UInt128.Zero, request.BlockNumber, request.Timestamp, request.Input);
        var outcome = WasmExecution.Run(Code, environment, context);
        return outcome.Status == WasmStatus.Returned ? QueryResult.Success(outcome.Output) : QueryResult.Fail(Describe(outcome));
    }

    /// <summary>
    /// The refusal a client sees. ContractErrorKind has no WebAssembly-specific kinds yet, so a revert and
    /// a trap are both <see cref="ContractErrorKind.Malformed"/> (the contract refused the input) and the
    /// message says which, with the revert data in hex (ink! encodes its error there).
    /// </summary>
    private static ContractError Describe(WasmOutcome outcome) => outcome.Status switch
    {
        WasmStatus.OutOfGas => ContractResult.OutOfGas.Error!.Value,
        WasmStatus.Reverted => new ContractError(ContractErrorKind.Malformed, $"reverted: {Hex.Encode(outcome.Output.AsSpan(0, Math.Min(outcome.Output.Length, MaxRevertBytesShown)))}"),
        _ => new ContractError(ContractErrorKind.Malformed, $"trapped: {Truncate(outcome.Message)}"),
    };

    private static string Truncate(string message)
        => message.Length <= 900 ? message : message[..900];
}
