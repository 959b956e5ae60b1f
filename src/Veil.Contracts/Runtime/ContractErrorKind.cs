namespace Veil.Contracts.Runtime;

/// <summary>
/// Why a built-in contract refused a command or query. One numbering for every built-in contract;
/// it is part of the encrypted receipt a client decodes: append, never reorder.
/// </summary>
public enum ContractErrorKind : byte
{
    /// <summary>The command or query bytes do not decode (truncated, trailing bytes, bad field).</summary>
    Malformed = 0,

    /// <summary>The command or query variant is not one the contract knows.</summary>
    UnknownCommand = 1,

    /// <summary>The command came from an origin that may not send it (e.g. a deposit not from Balances).</summary>
    BadOrigin = 2,

    /// <summary>The querying account may not read this data.</summary>
    NotAuthorized = 3,

    /// <summary>The gas budget ran out; everything the command did is rolled back.</summary>
    OutOfGas = 4,

    ZeroAmount = 5,

    InsufficientBalance = 6,

    /// <summary>An amount would exceed u128.</summary>
    Overflow = 7,

    /// <summary>The stored state is not what the contract wrote: a bug, never a user's doing.</summary>
    CorruptState = 8,
}
