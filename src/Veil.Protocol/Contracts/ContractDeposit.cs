using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Contracts;

/// <summary>
/// The plaintext message the chain sends (origin Module("Balances")) on a contract's command topic when
/// an account locks public VEIL into it: beneficiary ‖ amount (u128). Public by nature: the lock itself
/// is a public balance movement.
/// </summary>
public sealed record ContractDeposit(AccountId Beneficiary, UInt128 Amount)
{
    public byte[] Encode()
    {
        var writer = new ScaleWriter(stackalloc byte[48]);
        try
        {
            writer.WriteAccount(Beneficiary);
            writer.WriteU128(Amount);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ContractDeposit deposit, out string error)
    {
        var reader = new ScaleReader(bytes);
        deposit = new ContractDeposit(reader.ReadAccount(), reader.ReadU128());
        return reader.TryFinish(out error);
    }
}
