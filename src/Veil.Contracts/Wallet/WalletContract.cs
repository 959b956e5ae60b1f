using System.Buffers.Binary;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Contracts.Wallet;

/// <summary>
/// The confidential wallet (DESIGN §7, issue 3 item 7): private balances of VEIL that entered through
/// the chain's Balances module and leave through a release message.
/// <para>
/// State layout: <c>0x00</c> → total supply; <c>0x01 ‖ account</c> → balance; values are u128 (16 bytes
/// LE). A zero amount is stored as no entry, so equal balances always mean equal state hashes.
/// Invariant: total supply = sum of balances; only deposit raises it and only withdraw lowers it.
/// </para>
/// <para>
/// Receipts (private to the command's sender) are the u128 balance after the command of the account
/// it concerns: the sender for transfer and withdraw, the beneficiary for deposit.
/// </para>
/// </summary>
public sealed class WalletContract : IConfidentialContract
{
    public const string ContractName = "Wallet";

    /// <summary>The only origin whose deposits count: the module that locked the public VEIL.</summary>
    public const string DepositModule = "Balances";

    /// <summary>
    /// Topic of the withdrawal message. The <c>^</c> prefix keeps it on chain (DESIGN §4), where the
    /// Balances module reads it and releases the locked VEIL.
    /// </summary>
    public const string ReleaseTopic = Veil.Protocol.Contracts.ContractTopics.Release;

    private const byte SupplyPrefix = 0x00;
    private const byte BalancePrefix = 0x01;
    private const int AmountLength = 16;

    private static readonly byte[] SupplyKey = [SupplyPrefix];

    public string Name => ContractName;

    public ContractResult Handle(ReadOnlySpan<byte> command, Origin origin, ContractContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The chain's Contracts module announces locked VEIL in its own, contract-independent 48-byte
        // format (ContractDeposit); the wallet's own commands are 49 bytes, so the two never collide.
        if (origin.Kind == OriginKind.Module && origin.Name == DepositModule
            && Veil.Protocol.Contracts.ContractDeposit.TryDecode(command, out var deposit, out _))
        {
            return Deposit(WalletCommand.Deposit(deposit.Beneficiary, deposit.Amount), origin, context);
        }

        if (!WalletCommand.TryDecode(command, out var decoded, out var error))
        {
            return ContractResult.Fail(error);
        }

        return decoded.Kind switch
        {
            WalletCommandKind.Deposit => Deposit(decoded, origin, context),
            WalletCommandKind.Transfer => Transfer(decoded, origin, context),
            _ => Withdraw(decoded, origin, context),
        };
    }

    public QueryResult Query(ReadOnlySpan<byte> query, AccountId querier, QueryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!WalletQuery.TryDecode(query, out var decoded, out var error))
        {
            return QueryResult.Fail(error);
        }

        byte[] key;
        if (decoded.Kind == WalletQueryKind.Balance)
        {
            if (decoded.Account != querier)
            {
                return QueryResult.Fail(ContractErrorKind.NotAuthorized, "only the account itself may read its balance");
            }

            key = BalanceKey(decoded.Account);
        }
        else
        {
            key = SupplyKey;
        }

        UInt128 amount = 0;
        if (context.TryRead(key, out var stored))
        {
            if (stored.Length != AmountLength)
            {
                return QueryResult.Fail(Corrupt(key));
            }

            amount = BinaryPrimitives.ReadUInt128LittleEndian(stored);
        }
        else if (context.Gas.IsExhausted)
        {
            return QueryResult.Fail(ContractResult.OutOfGas.Error!.Value);
        }

        return QueryResult.Success(EncodeAmount(amount));
    }

    private static ContractResult Deposit(WalletCommand command, Origin origin, ContractContext context)
    {
        // Minting is the chain's alone: an account sending its own "deposit" would create money.
        if (origin.Kind != OriginKind.Module || origin.Name != DepositModule)
        {
            return ContractResult.Fail(ContractErrorKind.BadOrigin, $"a deposit is accepted only from Module({DepositModule}), not {origin.Kind}");
        }

        if (command.Amount == 0)
        {
            return ZeroAmount();
        }

        var key = BalanceKey(command.Account);
        if (!TryReadAmount(context, key, out var balance, out var failure) ||
            !TryReadAmount(context, SupplyKey, out var supply, out failure))
        {
            return failure;
        }

        // The supply bounds every balance, but check both: a corrupt state must not wrap silently.
        if (supply > UInt128.MaxValue - command.Amount || balance > UInt128.MaxValue - command.Amount)
        {
            return ContractResult.Fail(ContractErrorKind.Overflow, "the deposit would overflow the total supply");
        }

        var newBalance = balance + command.Amount;
        if (!TryWriteAmount(context, key, newBalance) || !TryWriteAmount(context, SupplyKey, supply + command.Amount))
        {
            return ContractResult.OutOfGas;
        }

        return SetReceipt(context, newBalance);
    }

    private static ContractResult Transfer(WalletCommand command, Origin origin, ContractContext context)
    {
        if (!TryDebitSender(command, origin, context, "transfer", out var senderBalance, out var failure))
        {
            return failure;
        }

        // Read after the debit, so a transfer to oneself credits the debited balance and nets to zero.
        var toKey = BalanceKey(command.Account);
        if (!TryReadAmount(context, toKey, out var toBalance, out failure))
        {
            return failure;
        }

        if (toBalance > UInt128.MaxValue - command.Amount)
        {
            return ContractResult.Fail(ContractErrorKind.Overflow, "the transfer would overflow the recipient's balance");
        }

        var credited = toBalance + command.Amount;
        if (!TryWriteAmount(context, toKey, credited))
        {
            return ContractResult.OutOfGas;
        }

        // To oneself, the credited balance is the sender's final one.
        var toSelf = toKey.AsSpan().SequenceEqual(SenderKey(origin));
        return SetReceipt(context, toSelf ? credited : senderBalance);
    }

    private static ContractResult Withdraw(WalletCommand command, Origin origin, ContractContext context)
    {
        if (!TryDebitSender(command, origin, context, "withdraw", out var senderBalance, out var failure) ||
            !TryReadAmount(context, SupplyKey, out var supply, out failure))
        {
            return failure;
        }

        if (supply < command.Amount)
        {
            return ContractResult.Fail(Corrupt(SupplyKey));
        }

        if (!TryWriteAmount(context, SupplyKey, supply - command.Amount) ||
            !context.TryEmit(ReleaseTopic, new WalletRelease(command.Account, command.Amount).Encode()))
        {
            return ContractResult.OutOfGas;
        }

        return SetReceipt(context, senderBalance);
    }

    /// <summary>The checks and the debit that transfer and withdraw share; the new balance comes back.</summary>
    private static bool TryDebitSender(WalletCommand command, Origin origin, ContractContext context, string verb, out UInt128 newBalance, out ContractResult failure)
    {
        newBalance = 0;
        if (origin.Kind != OriginKind.Account)
        {
            failure = ContractResult.Fail(ContractErrorKind.BadOrigin, $"a {verb} must come from an account, not {origin.Kind}");
            return false;
        }

        if (command.Amount == 0)
        {
            failure = ZeroAmount();
            return false;
        }

        var senderKey = SenderKey(origin);
        if (!TryReadAmount(context, senderKey, out var balance, out failure))
        {
            return false;
        }

        if (balance < command.Amount)
        {
            // No numbers in the message: a receipt should not teach more than the sender already knows.
            failure = ContractResult.Fail(ContractErrorKind.InsufficientBalance, $"the balance is lower than the amount to {verb}");
            return false;
        }

        newBalance = balance - command.Amount;
        if (!TryWriteAmount(context, senderKey, newBalance))
        {
            failure = ContractResult.OutOfGas;
            return false;
        }

        return true;
    }

    private static bool TryReadAmount(ContractContext context, byte[] key, out UInt128 amount, out ContractResult failure)
    {
        amount = 0;
        failure = ContractResult.Success;
        if (context.TryRead(key, out var stored))
        {
            if (stored.Length != AmountLength)
            {
                failure = ContractResult.Fail(Corrupt(key));
                return false;
            }

            amount = BinaryPrimitives.ReadUInt128LittleEndian(stored);
            return true;
        }

        if (context.Gas.IsExhausted)
        {
            failure = ContractResult.OutOfGas;
            return false;
        }

        return true;
    }

    private static bool TryWriteAmount(ContractContext context, byte[] key, UInt128 amount)
        => amount == 0 ? context.TryRemove(key) : context.TryWrite(key, EncodeAmount(amount));

    private static ContractResult SetReceipt(ContractContext context, UInt128 balance)
        => context.TrySetReceipt(EncodeAmount(balance)) ? ContractResult.Success : ContractResult.OutOfGas;

    private static ContractResult ZeroAmount() => ContractResult.Fail(ContractErrorKind.ZeroAmount, "the amount must be greater than zero");

    private static ContractError Corrupt(byte[] key)
        => new(ContractErrorKind.CorruptState, $"wallet state entry 0x{Convert.ToHexStringLower(key)} is inconsistent");

    private static byte[] EncodeAmount(UInt128 amount)
    {
        var bytes = new byte[AmountLength];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, amount);
        return bytes;
    }

    private static byte[] BalanceKey(AccountId account)
    {
        var key = new byte[1 + AccountId.Size];
        key[0] = BalancePrefix;
        account.CopyTo(key.AsSpan(1));
        return key;
    }

    private static byte[] SenderKey(Origin origin)
    {
        var key = new byte[1 + AccountId.Size];
        key[0] = BalancePrefix;
        origin.Id.CopyTo(key.AsSpan(1));
        return key;
    }
}
