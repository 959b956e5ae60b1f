using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Contracts.Wallet;

/// <summary>
/// A Wallet query. SCALE: <c>0x00 ‖ account: [u8; 32]</c> for balance, <c>0x01</c> for total supply.
/// Answers are a u128 (16 bytes LE).
/// </summary>
public readonly record struct WalletQuery(WalletQueryKind Kind, AccountId Account)
{
    private const int KindCount = (int)WalletQueryKind.TotalSupply + 1;

    public static WalletQuery Balance(AccountId account) => new(WalletQueryKind.Balance, account);

    public static WalletQuery TotalSupply => new(WalletQueryKind.TotalSupply, default);

    public byte[] Encode()
    {
        if (Kind == WalletQueryKind.TotalSupply)
        {
            return [(byte)WalletQueryKind.TotalSupply];
        }

        var bytes = new byte[1 + AccountId.Size];
        bytes[0] = (byte)Kind;
        Account.CopyTo(bytes.AsSpan(1));
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WalletQuery query, out ContractError error)
    {
        query = default;
        if (bytes.IsEmpty)
        {
            error = new ContractError(ContractErrorKind.Malformed, "empty wallet query");
            return false;
        }

        if (bytes[0] >= KindCount)
        {
            error = new ContractError(ContractErrorKind.UnknownCommand, $"unknown wallet query variant {bytes[0]}");
            return false;
        }

        var reader = new ScaleReader(bytes);
        var kind = (WalletQueryKind)reader.ReadU8();
        var account = kind == WalletQueryKind.Balance ? reader.ReadAccount() : default;
        if (!reader.TryFinish(out var problem))
        {
            error = new ContractError(ContractErrorKind.Malformed, $"malformed wallet {kind} query: {problem}");
            return false;
        }

        query = new WalletQuery(kind, account);
        error = default;
        return true;
    }

    /// <summary>Decodes a u128 answer.</summary>
    public static bool TryDecodeAmount(ReadOnlySpan<byte> answer, out UInt128 amount)
    {
        var reader = new ScaleReader(answer);
        amount = reader.ReadU128();
        return reader.TryFinish(out _);
    }
}
