namespace Veil.Chain.Runtime;

/// <summary>Why a transaction is not valid (it is never included, and no fee is charged).</summary>
public enum TransactionError
{
    None = 0,
    Unsigned,
    BadSignature,
    StaleNonce,
    FutureNonce,
    CannotPayFees,
    Outdated,
    AncientBirthBlock,
    BadCall,
    TooLarge,
    AlreadyImported,
    PoolFull,
}

/// <summary>The outcome of checking a transaction against some state.</summary>
public readonly record struct TransactionCheck(TransactionError Error, string Message)
{
    public static readonly TransactionCheck Valid = new(TransactionError.None, string.Empty);

    public bool IsValid => Error == TransactionError.None;

    public static TransactionCheck Invalid(TransactionError error, string message) => new(error, message);
}
