using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Protocol.Messaging;
using static Veil.Contracts.Tests.WalletSamples;

namespace Veil.Contracts.Tests.Wallet;

public class WalletContractTests
{
    private static readonly AccountId Alice = Account(0xa1);
    private static readonly AccountId Bob = Account(0xb0);
    private static readonly AccountId Carol = Account(0xc0);

    [Fact]
    public void Handle_CreditsBeneficiaryAndSupply_WhenDepositComesFromBalances()
    {
        var wallet = NewWallet();

        var outcome = wallet.Deposit(Alice, 100);

        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.Equal((UInt128)100, wallet.BalanceOf(Alice));
        Assert.Equal((UInt128)100, wallet.TotalSupply());
        Assert.Empty(outcome.Messages);
        Assert.True(WalletQuery.TryDecodeAmount(outcome.Receipt, out var receipt));
        Assert.Equal((UInt128)100, receipt);
    }

    [Fact]
    public void State_MatchesGoldenVector_WhenOneDepositWasMade()
    {
        var wallet = NewWallet();

        wallet.Deposit(Account(0x11), 100);

        // 0x00 → supply 100; 0x01 ‖ account → 100 (hash from Python's hashlib over these bytes).
        Assert.Equal(
            "0x0108" + "0400" + "40" + "64000000000000000000000000000000"
            + "8401" + new string('1', 64) + "40" + "64000000000000000000000000000000",
            Hex.Encode(wallet.State.EncodeSnapshot()));
        Assert.Equal(Hash256.Parse("0x49031b42578f02363ed1c44f17d1bf20c1223b9c20a0b6cd3f1846bc2054bccb"), wallet.StateHash);
    }

    public static TheoryData<string> NonBalancesOrigins => new() { "account", "other-module", "contract", "gatekeeper", "worker", "chain" };

    [Theory]
    [MemberData(nameof(NonBalancesOrigins))]
    public void Handle_RefusesWithBadOrigin_WhenDepositDoesNotComeFromBalances(string originName)
    {
        var origin = originName switch
        {
            "account" => From(Alice),
            "other-module" => Origin.Module("Governance"),
            "contract" => Origin.Contract(WalletId),
            "gatekeeper" => Origin.Gatekeeper,
            "worker" => Origin.Worker(WalletId),
            _ => Origin.Chain("Balances"),
        };
        var wallet = NewWallet();
        var before = wallet.StateHash;

        var outcome = wallet.Handle(WalletCommand.Deposit(Alice, 100).Encode(), origin, 1);

        Assert.Equal(ContractErrorKind.BadOrigin, outcome.Error?.Kind);
        Assert.Equal(before, wallet.StateHash);
        Assert.Equal((UInt128)0, wallet.TotalSupply());
    }

    [Fact]
    public void Handle_MovesBalance_WhenTransferIsCovered()
    {
        var wallet = NewWallet();
        wallet.Deposit(Alice, 100);

        var outcome = wallet.Transfer(Alice, Bob, 30);

        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.Equal((UInt128)70, wallet.BalanceOf(Alice));
        Assert.Equal((UInt128)30, wallet.BalanceOf(Bob));
        Assert.Equal((UInt128)100, wallet.TotalSupply());
        Assert.True(WalletQuery.TryDecodeAmount(outcome.Receipt, out var receipt));
        Assert.Equal((UInt128)70, receipt);
    }

    [Fact]
    public void Handle_RemovesTheEntry_WhenTransferEmptiesTheBalance()
    {
        var wallet = NewWallet();
        wallet.Deposit(Alice, 100);
        var expected = NewWallet();
        expected.Deposit(Bob, 100);

        wallet.Transfer(Alice, Bob, 100);

        // A zero balance is no entry, so the state equals one where Alice never held anything.
        Assert.Equal(expected.StateHash, wallet.StateHash);
    }

    [Fact]
    public void Handle_LeavesBalanceUnchanged_WhenTransferIsToSelf()
    {
        var wallet = NewWallet();
        wallet.Deposit(Alice, 100);
        var before = wallet.StateHash;

        var outcome = wallet.Transfer(Alice, Alice, 40);

        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.Equal(before, wallet.StateHash);
        Assert.True(WalletQuery.TryDecodeAmount(outcome.Receipt, out var receipt));
        Assert.Equal((UInt128)100, receipt);
    }

    [Fact]
    public void Handle_DebitsAndEmitsRelease_WhenWithdrawIsCovered()
    {
        var wallet = NewWallet();
        wallet.Deposit(Bob, 30);

        var outcome = wallet.Withdraw(Bob, Carol, 10);

        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.Equal((UInt128)20, wallet.BalanceOf(Bob));
        Assert.Equal((UInt128)20, wallet.TotalSupply());
        var message = Assert.Single(outcome.Messages);
        Assert.Equal(Origin.Contract(WalletId), message.Sender);
        Assert.Equal(WalletContract.ReleaseTopic, message.TopicText);
        Assert.True(WalletRelease.TryDecode(message.Payload, out var release, out _));
        Assert.Equal(new WalletRelease(Carol, 10), release);
    }

    public static TheoryData<string, ContractErrorKind> RefusedCommands => new()
    {
        { "transfer-zero", ContractErrorKind.ZeroAmount },
        { "transfer-too-much", ContractErrorKind.InsufficientBalance },
        { "transfer-unfunded", ContractErrorKind.InsufficientBalance },
        { "transfer-from-module", ContractErrorKind.BadOrigin },
        { "withdraw-zero", ContractErrorKind.ZeroAmount },
        { "withdraw-too-much", ContractErrorKind.InsufficientBalance },
        { "withdraw-from-contract", ContractErrorKind.BadOrigin },
        { "deposit-zero", ContractErrorKind.ZeroAmount },
        { "deposit-overflow", ContractErrorKind.Overflow },
        { "unknown", ContractErrorKind.UnknownCommand },
        { "malformed", ContractErrorKind.Malformed },
        { "empty", ContractErrorKind.Malformed },
    };

    [Theory]
    [MemberData(nameof(RefusedCommands))]
    public void Handle_RefusesAndLeavesStateUnchanged_WhenCommandIsInvalid(string name, ContractErrorKind expected)
    {
        var wallet = NewWallet();
        wallet.Deposit(Alice, 100);
        wallet.Deposit(Bob, UInt128.MaxValue - 200);
        var before = wallet.StateHash;

        var outcome = name switch
        {
            "transfer-zero" => wallet.Transfer(Alice, Bob, 0),
            "transfer-too-much" => wallet.Transfer(Alice, Bob, 101),
            "transfer-unfunded" => wallet.Transfer(Carol, Bob, 1),
            "transfer-from-module" => wallet.Handle(WalletCommand.Transfer(Bob, 1).Encode(), Balances, 1),
            "withdraw-zero" => wallet.Withdraw(Alice, Carol, 0),
            "withdraw-too-much" => wallet.Withdraw(Alice, Carol, 101),
            "withdraw-from-contract" => wallet.Handle(WalletCommand.Withdraw(Carol, 1).Encode(), Origin.Contract(WalletId), 1),
            "deposit-zero" => wallet.Deposit(Carol, 0),
            "deposit-overflow" => wallet.Deposit(Carol, 201),
            "unknown" => wallet.Handle([7, 1, 2], From(Alice), 1),
            "malformed" => wallet.Handle(WalletCommand.Transfer(Bob, 1).Encode()[..40], From(Alice), 1),
            _ => wallet.Handle([], From(Alice), 1),
        };

        Assert.False(outcome.IsSuccess);
        Assert.Equal(expected, outcome.Error?.Kind);
        Assert.NotEmpty(outcome.Error!.Value.Message);
        Assert.Empty(outcome.Messages);
        Assert.Empty(outcome.Receipt);
        Assert.Equal(before, wallet.StateHash);
        Assert.False(wallet.State.InTransaction);
    }

    [Fact]
    public void Handle_RefusesWithOverflow_WhenStateIsInconsistentAndCreditWouldWrap()
    {
        // Unreachable while supply = sum of balances; a corrupt state must still not wrap silently.
        var state = new ContractState();
        state.Set([0x00], Amount(UInt128.MaxValue));
        state.Set([0x01, .. Alice.ToArray()], Amount(100));
        state.Set([0x01, .. Bob.ToArray()], Amount(UInt128.MaxValue));
        var wallet = new ContractInstance(WalletId, new WalletContract(), state);
        var before = wallet.StateHash;

        var outcome = wallet.Transfer(Alice, Bob, 1);

        Assert.Equal(ContractErrorKind.Overflow, outcome.Error?.Kind);
        Assert.Equal(before, wallet.StateHash);
    }

    [Fact]
    public void Handle_RefusesWithCorruptState_WhenStoredAmountHasWrongLength()
    {
        var state = new ContractState();
        state.Set([0x01, .. Alice.ToArray()], [1, 2, 3]);
        var wallet = new ContractInstance(WalletId, new WalletContract(), state);

        Assert.Equal(ContractErrorKind.CorruptState, wallet.Transfer(Alice, Bob, 1).Error?.Kind);
        Assert.Equal(ContractErrorKind.CorruptState, wallet.Query(WalletQuery.Balance(Alice).Encode(), Alice).Error?.Kind);
    }

    [Fact]
    public void Handle_SucceedsAtTheLimit_WhenDepositReachesU128Max()
    {
        var wallet = NewWallet();

        Assert.True(wallet.Deposit(Alice, UInt128.MaxValue).IsSuccess);
        Assert.Equal(ContractErrorKind.Overflow, wallet.Deposit(Bob, 1).Error?.Kind);
        Assert.Equal(UInt128.MaxValue, wallet.TotalSupply());
    }

    [Fact]
    public void Query_ReturnsBalance_WhenQuerierIsTheAccount()
    {
        var wallet = NewWallet();
        wallet.Deposit(Bob, 42);

        Assert.Equal((UInt128)42, wallet.BalanceOf(Bob));
        Assert.Equal((UInt128)0, wallet.BalanceOf(Carol));
    }

    [Fact]
    public void Query_RefusesWithNotAuthorized_WhenQuerierIsAnotherAccount()
    {
        var wallet = NewWallet();
        wallet.Deposit(Bob, 42);

        var result = wallet.Query(WalletQuery.Balance(Bob).Encode(), Alice);

        Assert.False(result.IsSuccess);
        Assert.Equal(ContractErrorKind.NotAuthorized, result.Error?.Kind);
        Assert.Empty(result.Answer);
    }

    [Fact]
    public void Query_ReturnsTotalSupply_WhenAnyoneAsks()
    {
        var wallet = NewWallet();
        wallet.Deposit(Alice, 5);
        wallet.Deposit(Bob, 7);

        var result = wallet.Query(WalletQuery.TotalSupply.Encode(), Carol);

        Assert.True(WalletQuery.TryDecodeAmount(result.Answer, out var supply));
        Assert.Equal((UInt128)12, supply);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0x05")]
    [InlineData("0x01ff")]
    public void Query_RefusesAndChangesNothing_WhenQueryBytesAreBad(string hex)
    {
        var wallet = NewWallet();
        wallet.Deposit(Alice, 5);
        var before = wallet.StateHash;

        var result = wallet.Query(Hex.Decode(hex), Alice);

        Assert.False(result.IsSuccess);
        Assert.Equal(before, wallet.StateHash);
    }

    [Fact]
    public void Handle_ReportsOutOfGas_WhenBudgetDoesNotCoverTheInput()
    {
        var wallet = NewWallet();

        var outcome = wallet.Handle(WalletCommand.Deposit(Alice, 1).Encode(), Balances, 1, gasLimit: 10);

        Assert.Equal(ContractErrorKind.OutOfGas, outcome.Error?.Kind);
        Assert.Equal(10ul, outcome.GasUsed);
    }

    [Fact]
    public void Query_ReportsOutOfGas_WhenBudgetIsTooSmall()
    {
        var wallet = NewWallet();
        wallet.Deposit(Alice, 1);
        var query = WalletQuery.Balance(Alice).Encode();

        Assert.Equal(ContractErrorKind.OutOfGas, wallet.Query(query, Alice, gasLimit: 100).Error?.Kind);
        Assert.Equal(ContractErrorKind.OutOfGas, wallet.Query(query, Alice, gasLimit: GasCost.Query(query.Length) + 10).Error?.Kind);
    }

    private static byte[] Amount(UInt128 value)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return bytes;
    }
}
