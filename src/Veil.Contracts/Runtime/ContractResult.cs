namespace Veil.Contracts.Runtime;

/// <summary>What a contract's <c>Handle</c> returns: success, or the error that makes the runtime roll the command back.</summary>
public readonly struct ContractResult
{
    private ContractResult(ContractError? error) => Error = error;

    public static ContractResult Success => default;

    /// <summary>The refusal, or null on success.</summary>
    public ContractError? Error { get; }

    public bool IsSuccess => Error is null;

    public static ContractResult Fail(ContractErrorKind kind, string message) => new(new ContractError(kind, message));

    public static ContractResult Fail(ContractError error) => new(error);

    /// <summary>Returned when a charge fails; the runtime reports out-of-gas whatever the contract returns.</summary>
    public static ContractResult OutOfGas => Fail(ContractErrorKind.OutOfGas, "out of gas");
}
