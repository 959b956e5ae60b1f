using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Contracts.Wallet;

/// <summary>
/// A Wallet command. SCALE: <c>variant: u8 ‖ account: [u8; 32] ‖ amount: u128 (16 bytes LE)</c>, 49
/// bytes for every variant (a fixed-width u128, as ink! encodes it, so lengths leak nothing about
/// amounts). <see cref="Account"/> is the beneficiary of a deposit and the destination otherwise;
/// the sender is the command's origin, never a field, so it cannot be forged.
/// </summary>
public readonly record struct WalletCommand(WalletCommandKind Kind, AccountId Account, UInt128 Amount)
{
    public const int EncodedLength = 1 + AccountId.Size + 16;

    private const int KindCount = (int)WalletCommandKind.Withdraw + 1;

    public static WalletCommand Deposit(AccountId beneficiary, UInt128 amount) => new(WalletCommandKind.Deposit, beneficiary, amount);

    public static WalletCommand Transfer(AccountId to, UInt128 amount) => new(WalletCommandKind.Transfer, to, amount);

    public static WalletCommand Withdraw(AccountId to, UInt128 amount) => new(WalletCommandKind.Withdraw, to, amount);

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        var writer = new ScaleWriter(bytes);
        writer.WriteVariant((byte)Kind);
        writer.WriteAccount(Account);
        writer.WriteU128(Amount);
        return bytes;
    }

    /// <summary>Decodes untrusted bytes; an unknown variant is <see cref="ContractErrorKind.UnknownCommand"/>, anything else wrong is <see cref="ContractErrorKind.Malformed"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WalletCommand command, out ContractError error)
    {
        command = default;
        if (bytes.IsEmpty)
        {
            error = new ContractError(ContractErrorKind.Malformed, "empty wallet command");
            return false;
        }

        if (bytes[0] >= KindCount)
        {
            error = new ContractError(ContractErrorKind.UnknownCommand, $"unknown wallet command variant {bytes[0]}");
            return false;
        }

        var reader = new ScaleReader(bytes);
        var kind = (WalletCommandKind)reader.ReadU8();
        var account = reader.ReadAccount();
        var amount = reader.ReadU128();
        if (!reader.TryFinish(out var problem))
        {
            error = new ContractError(ContractErrorKind.Malformed, $"malformed wallet {kind} command: {problem}");
            return false;
        }

        command = new WalletCommand(kind, account, amount);
        error = default;
        return true;
    }
}
