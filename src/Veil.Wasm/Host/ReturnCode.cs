namespace Veil.Wasm.Host;

/// <summary>
/// pallet-contracts' <c>ReturnErrorCode</c> (pallet_contracts_uapi), returned by host functions as an
/// i32. The numbering is the ABI ink! contracts are compiled against: never renumber.
/// </summary>
internal enum ReturnCode : uint
{
    Success = 0,
    CalleeTrapped = 1,
    CalleeReverted = 2,
    KeyNotFound = 3,
    TransferFailed = 5,
    CodeNotFound = 7,
    NotCallable = 8,
    LoggingDisabled = 9,
    CallRuntimeFailed = 10,
    EcdsaRecoveryFailed = 11,
    Sr25519VerifyFailed = 12,
}
