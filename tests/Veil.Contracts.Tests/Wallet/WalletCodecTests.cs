using CsCheck;
using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using static Veil.Contracts.Tests.WalletSamples;

namespace Veil.Contracts.Tests.Wallet;

public class WalletCodecTests
{
    public static TheoryData<string, string> CommandVectors => new()
    {
        { "deposit", "0x00" + new string('2', 64) + "01000000000000000000000000000000" },
        { "transfer", "0x01" + new string('1', 64) + "e8030000000000000000000000000000" },
        { "withdraw", "0x02" + new string('3', 64) + new string('f', 32) },
    };

    [Theory]
    [MemberData(nameof(CommandVectors))]
    public void Encode_MatchesGoldenVector_WhenCommandIsEachVariant(string variant, string expected)
    {
        var command = variant switch
        {
            "deposit" => WalletCommand.Deposit(Account(0x22), 1),
            "transfer" => WalletCommand.Transfer(Account(0x11), 1000),
            _ => WalletCommand.Withdraw(Account(0x33), UInt128.MaxValue),
        };

        Assert.Equal(expected, Hex.Encode(command.Encode()));
        Assert.True(WalletCommand.TryDecode(Hex.Decode(expected), out var decoded, out var error), error.Message);
        Assert.Equal(command, decoded);
    }

    [Fact]
    public void Encode_MatchesGoldenVector_WhenQueryIsBalanceOrTotalSupply()
    {
        Assert.Equal("0x00" + new string('4', 64), Hex.Encode(WalletQuery.Balance(Account(0x44)).Encode()));
        Assert.Equal("0x01", Hex.Encode(WalletQuery.TotalSupply.Encode()));
    }

    [Fact]
    public void Encode_MatchesGoldenVector_WhenPayloadIsRelease()
    {
        var release = new WalletRelease(Account(0x55), 5);

        Assert.Equal("0x" + new string('5', 64) + "05000000000000000000000000000000", Hex.Encode(release.Encode()));
        Assert.True(WalletRelease.TryDecode(release.Encode(), out var decoded, out _));
        Assert.Equal(release, decoded);
    }

    [Theory]
    [InlineData("0x", ContractErrorKind.Malformed)]
    [InlineData("0x03", ContractErrorKind.UnknownCommand)]
    [InlineData("0xff", ContractErrorKind.UnknownCommand)]
    [InlineData("0x01", ContractErrorKind.Malformed)]
    [InlineData("0x01" + "1111111111111111111111111111111111111111111111111111111111111111" + "e80300000000000000000000000000", ContractErrorKind.Malformed)]
    [InlineData("0x01" + "1111111111111111111111111111111111111111111111111111111111111111" + "e8030000000000000000000000000000" + "00", ContractErrorKind.Malformed)]
    public void TryDecode_RefusesWithKind_WhenCommandBytesAreBad(string hex, ContractErrorKind kind)
    {
        Assert.False(WalletCommand.TryDecode(Hex.Decode(hex), out _, out var error));
        Assert.Equal(kind, error.Kind);
        Assert.NotEmpty(error.Message);
    }

    [Theory]
    [InlineData("0x", ContractErrorKind.Malformed)]
    [InlineData("0x02", ContractErrorKind.UnknownCommand)]
    [InlineData("0x0011", ContractErrorKind.Malformed)]
    [InlineData("0x0100", ContractErrorKind.Malformed)]
    public void TryDecode_RefusesWithKind_WhenQueryBytesAreBad(string hex, ContractErrorKind kind)
    {
        Assert.False(WalletQuery.TryDecode(Hex.Decode(hex), out _, out var error));
        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void TryDecode_RoundTrips_WhenCommandIsAny()
    {
        Gen.Select(Gen.Byte[0, 2], Gen.Byte.Array[32], Gen.ULong, Gen.ULong).Sample((kind, account, high, low) =>
        {
            var command = new WalletCommand((WalletCommandKind)kind, new AccountId(account), new UInt128(high, low));
            var encoded = command.Encode();

            Assert.Equal(WalletCommand.EncodedLength, encoded.Length);
            Assert.True(WalletCommand.TryDecode(encoded, out var decoded, out _));
            Assert.Equal(command, decoded);
        }, iter: 500);
    }

    [Fact]
    public void EncodeReceipt_MatchesGoldenVector_WhenCommandSucceedsOrFails()
    {
        var wallet = NewWallet();

        var ok = wallet.Deposit(Account(1), 100);
        var refused = wallet.Transfer(Account(2), Account(1), 1);

        // Ok: 0x00 ‖ Vec<u8>(u128 100); Err: 0x01 ‖ kind 6 ‖ String(message).
        Assert.Equal("0x0040" + "64000000000000000000000000000000", Hex.Encode(ok.EncodeReceipt()));
        Assert.StartsWith("0x0106", Hex.Encode(refused.EncodeReceipt()), StringComparison.Ordinal);
        var failed = ContractOutcome.Failed(new ContractError(ContractErrorKind.ZeroAmount, "x"), 0);
        Assert.Equal("0x01050478", Hex.Encode(failed.EncodeReceipt()));
    }

    [Fact]
    public void QueryResult_RoundTrips_WhenAnswerOrError()
    {
        var answer = QueryResult.Success([1, 2, 3]);
        var error = QueryResult.Fail(ContractErrorKind.NotAuthorized, "no");

        Assert.Equal("0x000c010203", Hex.Encode(answer.Encode()));
        Assert.Equal("0x0103086e6f", Hex.Encode(error.Encode()));
        Assert.True(QueryResult.TryDecode(error.Encode(), out var decoded, out _));
        Assert.Equal(error.Error, decoded.Error);
        Assert.True(QueryResult.TryDecode(answer.Encode(), out decoded, out _));
        Assert.Equal([1, 2, 3], decoded.Answer);
        Assert.False(QueryResult.TryDecode(Hex.Decode("0x0109"), out _, out _));
    }
}
