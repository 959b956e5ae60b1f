using Veil.Contracts.Runtime;
using Veil.Core.Scale;
using static Veil.Wasm.Examples.Tests.Accounts;

namespace Veil.Wasm.Examples.Tests;

public class TokenExampleTests
{
    // TokenError variants, in declaration order (the metadata's indices).
    private const byte InsufficientBalance = 0;
    private const byte InsufficientAllowance = 1;
    private const byte NotAuthorized = 2;

    private static readonly UInt128 Supply = UInt128.Parse("1000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    private static ExampleContract Token() => new ExampleContract("token").Deployed("new", new ScaleInput().U128(Supply), Alice);

    private static byte[] BalanceOf(ExampleContract token, Core.AccountId owner)
        => token.Ask("balance_of", new ScaleInput().Account(owner), owner);

    [Fact]
    public void New_MintsTheSupplyToTheDeployer()
    {
        var token = Token();

        Assert.Equal(ScaleInput.OkU128(Supply), token.Ask("total_supply", null, Bob));
        Assert.Equal(ScaleInput.OkOkU128(Supply), BalanceOf(token, Alice));
        Assert.Equal(ScaleInput.OkOkU128(0), BalanceOf(token, Bob));
    }

    [Fact]
    public void Transfer_MovesTokens_AndReportsAConfidentialEvent()
    {
        var token = Token();

        var receipt = token.Succeed("transfer", new ScaleInput().Account(Bob).U128(250), Alice);

        Assert.Equal(new byte[] { 0x00, 0x00 }, receipt.Output);
        var transfer = Assert.Single(receipt.Events);
        Assert.Equal(new ScaleInput().Raw(0, 1).Account(Alice).Raw(1).Account(Bob).U128(250).ToArray(), transfer.Data);
        Assert.Equal(ScaleInput.OkOkU128(Supply - 250), BalanceOf(token, Alice));
        Assert.Equal(ScaleInput.OkOkU128(250), BalanceOf(token, Bob));
        Assert.Equal(ScaleInput.OkU128(Supply), token.Ask("total_supply", null, Carol));
    }

    [Fact]
    public void Transfer_RevertsAndRollsBack_WhenTheBalanceIsInsufficient()
    {
        var token = Token();
        token.Succeed("transfer", new ScaleInput().Account(Bob).U128(100), Alice);
        var before = token.StateHash;

        var outcome = token.Call("transfer", new ScaleInput().Account(Carol).U128(101), Bob);

        Assert.Equal(ExampleContract.Refused(InsufficientBalance), outcome.Error!.Value.Message);
        Assert.Equal(before, token.StateHash);
        Assert.Equal(ScaleInput.OkOkU128(100), BalanceOf(token, Bob));
        Assert.Equal(ScaleInput.OkOkU128(0), BalanceOf(token, Carol));
    }

    [Fact]
    public void BalanceOf_IsRefused_WhenTheQuerierIsNotTheOwner()
    {
        var token = Token();

        var query = token.Query("balance_of", new ScaleInput().Account(Alice), Bob);
        var command = token.Call("balance_of", new ScaleInput().Account(Alice), Bob);

        Assert.Equal(ExampleContract.Refused(NotAuthorized), query.Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(NotAuthorized), command.Error!.Value.Message);
        Assert.Equal(ScaleInput.OkOkU128(Supply), BalanceOf(token, Alice));
    }

    [Fact]
    public void TransferFrom_SpendsTheAllowance_AndOnlyOwnerOrSpenderMayReadIt()
    {
        var token = Token();
        token.Succeed("approve", new ScaleInput().Account(Bob).U128(300), Alice);

        token.Succeed("transfer_from", new ScaleInput().Account(Alice).Account(Carol).U128(120), Bob);

        var allowance = new ScaleInput().Account(Alice).Account(Bob);
        Assert.Equal(ScaleInput.OkOkU128(180), token.Ask("allowance", allowance, Alice));
        Assert.Equal(ScaleInput.OkOkU128(180), token.Ask("allowance", allowance, Bob));
        Assert.Equal(ExampleContract.Refused(NotAuthorized), token.Query("allowance", allowance, Carol).Error!.Value.Message);
        Assert.Equal(ScaleInput.OkOkU128(120), BalanceOf(token, Carol));
        Assert.Equal(ScaleInput.OkOkU128(Supply - 120), BalanceOf(token, Alice));
    }

    [Fact]
    public void TransferFrom_IsRefused_WhenTheAllowanceIsInsufficient()
    {
        var token = Token();
        token.Succeed("approve", new ScaleInput().Account(Bob).U128(50), Alice);
        var before = token.StateHash;

        var outcome = token.Call("transfer_from", new ScaleInput().Account(Alice).Account(Bob).U128(51), Bob);
        var stranger = token.Call("transfer_from", new ScaleInput().Account(Alice).Account(Carol).U128(1), Carol);

        Assert.Equal(ExampleContract.Refused(InsufficientAllowance), outcome.Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(InsufficientAllowance), stranger.Error!.Value.Message);
        Assert.Equal(before, token.StateHash);
    }

    [Fact]
    public void TransferFrom_RollsBackTheAllowance_WhenTheOwnerBalanceIsInsufficient()
    {
        var token = Token();
        token.Succeed("transfer", new ScaleInput().Account(Dave).U128(10), Alice);
        token.Succeed("approve", new ScaleInput().Account(Bob).U128(1000), Dave);
        var before = token.StateHash;

        // The allowance is debited before the balance is found short; the revert must undo that write too.
        var outcome = token.Call("transfer_from", new ScaleInput().Account(Dave).Account(Bob).U128(11), Bob);

        Assert.Equal(ExampleContract.Refused(InsufficientBalance), outcome.Error!.Value.Message);
        Assert.Equal(before, token.StateHash);
        Assert.Equal(ScaleInput.OkOkU128(1000), token.Ask("allowance", new ScaleInput().Account(Dave).Account(Bob), Dave));
    }

    [Fact]
    public void Transfer_HandlesBalancesAbove64Bits()
    {
        var token = Token();
        var large = (UInt128)ulong.MaxValue + 12345;

        token.Succeed("transfer", new ScaleInput().Account(Bob).U128(large), Alice);
        token.Succeed("transfer", new ScaleInput().Account(Carol).U128(large - 1), Bob);

        Assert.Equal(ScaleInput.OkOkU128(1), BalanceOf(token, Bob));
        Assert.Equal(ScaleInput.OkOkU128(large - 1), BalanceOf(token, Carol));
        Assert.Equal(ScaleInput.OkOkU128(Supply - large), BalanceOf(token, Alice));
    }

    [Fact]
    public void Transfer_CostsAFewStorageOperations_NotBufferZeroing()
    {
        var token = Token();

        var outcome = token.Call("transfer", new ScaleInput().Account(Bob).U128(1), Alice);

        // ≈16k gas in practice. Zero-filling the 16 KiB input and storage buffers once cost ≈33k more
        // (Wasmtime meters bulk memory by size); the SDK reads into uninitialised buffers instead.
        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.InRange(outcome.GasUsed, 1ul, 30_000ul);
        Assert.True(outcome.GasUsed < GasMeter.DefaultCommandLimit / 30);
    }

    [Fact]
    public void Receipt_DecodesAsScaleResultOfVecU8()
    {
        var token = Token();
        var outcome = token.Call("transfer", new ScaleInput().Account(Bob).U128(7), Alice);

        var reader = new ScaleReader(outcome.EncodeReceipt());
        Assert.True(reader.ReadResultTag());
        Assert.True(WasmReceipt.TryDecode(reader.ReadBytes(), out var receipt, out var error), error);
        Assert.Equal(new byte[] { 0x00, 0x00 }, receipt.Output);
    }
}
