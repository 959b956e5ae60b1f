using Veil.Core;
using Veil.Core.Hashing;

namespace Veil.Protocol.Contracts;

/// <summary>
/// The public account that holds the VEIL locked into a contract: BLAKE2b-256("veil/contract-lock" ‖ id).
/// No key exists for it; only the Contracts module moves its funds, on the contract's signed release.
/// </summary>
public static class ContractLock
{
    public static AccountId AccountOf(Hash256 contractId)
    {
        Span<byte> input = stackalloc byte[18 + 32];
        "veil/contract-lock"u8.CopyTo(input);
        contractId.CopyTo(input[18..]);
        Span<byte> hash = stackalloc byte[32];
        Blake2b.Hash256(input, hash);
        return new AccountId(hash);
    }
}
