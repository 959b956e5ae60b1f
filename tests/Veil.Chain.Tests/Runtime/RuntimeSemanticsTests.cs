using Veil.Chain.Runtime;
using Veil.Core.Hashing;
using Veil.Protocol.Accounts;
using Veil.Protocol.Calls;

namespace Veil.Chain.Tests.Runtime;

public class RuntimeSemanticsTests
{
    private static readonly UInt128 OneVeil = ChainParameters.OneVeil;

    [Fact]
    public void Transfer_MovesFundsAndBurnsFee_WhenSenderCanAffordIt()
    {
        var t = new TestChain();
        var issuance = t.Chain.TotalIssuance;
        var tx = t.Transfer("Alice", "Bob", 5 * OneVeil);
        var fee = t.Parameters.BaseFee + (t.Parameters.ByteFee * (uint)tx.Length);

        var events = t.Execute(tx);

        Assert.Equal(fee, t.Fee(tx));
        Assert.Equal(TestChain.DevBalance - (5 * OneVeil) - fee, t["Alice"].Free);
        Assert.Equal(TestChain.DevBalance + (5 * OneVeil), t["Bob"].Free);
        Assert.Equal(1u, t["Alice"].Nonce);
        Assert.Equal(0u, t["Bob"].Nonce);
        Assert.Equal(issuance - fee, t.Chain.TotalIssuance);
        Assert.Equal(t.Chain.TotalIssuance, t.SumOfAccounts());
        Assert.Equal(["Withdraw", "Transfer", "ExtrinsicSuccess"], events.Select(e => e.Name));
        Assert.Equal((TestChain.Account("Alice"), fee), (events[0].Who, events[0].Amount));
        Assert.Equal((TestChain.Account("Alice"), TestChain.Account("Bob"), 5 * OneVeil), (events[1].Who, events[1].To, events[1].Amount));
        Assert.Equal(fee, events[2].Amount);
    }

    [Fact]
    public void Apply_ChargesTipOnTopOfFee_WhenTipIsGiven()
    {
        var t = new TestChain();
        var tip = 3 * OneVeil;
        var tx = t.Transfer("Alice", "Bob", OneVeil, tip: tip);

        var events = t.Execute(tx);

        var fee = t.Parameters.BaseFee + (t.Parameters.ByteFee * (uint)tx.Length) + tip;
        Assert.Equal(TestChain.DevBalance - OneVeil - fee, t["Alice"].Free);
        Assert.Equal(fee, events[0].Amount);
        Assert.Equal((TestChain.DevBalance * 6) - fee, t.Chain.TotalIssuance);
    }

    [Fact]
    public void Apply_IncrementsNonceOncePerTransaction_WhenSeveralAreInOneBlock()
    {
        var t = new TestChain();

        var events = t.Execute(t.Transfer("Alice", "Bob", 1, nonce: 0), t.Transfer("Alice", "Charlie", 2, nonce: 1), t.Transfer("Alice", "Dave", 3, nonce: 2));

        Assert.Equal(3u, t["Alice"].Nonce);
        Assert.Equal([0u, 1u, 2u], events.Where(e => e.Name == "ExtrinsicSuccess").Select(e => e.Extrinsic));
    }

    [Fact]
    public void TransferKeepAlive_FailsButChargesFee_WhenSenderWouldFallBelowExistentialDeposit()
    {
        var t = new TestChain();
        var ed = t.Parameters.ExistentialDeposit;
        var probe = t.Transfer("Alice", "Bob", TestChain.DevBalance, keepAlive: true); // same length as the real one
        var fee = t.Fee(probe);
        var amount = TestChain.DevBalance - fee - ed + 1; // leaves ED - 1 after the fee
        var tx = t.Transfer("Alice", "Bob", amount, keepAlive: true);
        Assert.Equal(probe.Length, tx.Length);

        var events = t.Execute(tx);

        Assert.Equal(["Withdraw", "ExtrinsicFailed"], events.Select(e => e.Name));
        Assert.Equal((ModuleIndex.Balances, (byte)4), (events[1].ErrorModule, events[1].ErrorCode));
        Assert.Contains("existential deposit", events[1].Message, StringComparison.Ordinal);
        Assert.Equal(TestChain.DevBalance - fee, t["Alice"].Free);
        Assert.Equal(1u, t["Alice"].Nonce);
        Assert.Equal(TestChain.DevBalance, t["Bob"].Free);
        Assert.Equal(t.Chain.TotalIssuance, t.SumOfAccounts());
    }

    [Fact]
    public void TransferKeepAlive_Succeeds_WhenSenderKeepsExactlyTheExistentialDeposit()
    {
        var t = new TestChain();
        var ed = t.Parameters.ExistentialDeposit;
        var fee = t.Fee(t.Transfer("Alice", "Bob", TestChain.DevBalance, keepAlive: true));
        var tx = t.Transfer("Alice", "Bob", TestChain.DevBalance - fee - ed, keepAlive: true);

        var events = t.Execute(tx);

        Assert.Equal(["Withdraw", "Transfer", "ExtrinsicSuccess"], events.Select(e => e.Name));
        Assert.Equal(ed, t["Alice"].Free);
    }

    [Fact]
    public void Transfer_FailsButChargesFee_WhenNewAccountWouldGetLessThanExistentialDeposit()
    {
        var t = new TestChain();
        var ed = t.Parameters.ExistentialDeposit;
        var tx = t.Transfer("Alice", "Zoe", ed - 1);

        var events = t.Execute(tx);

        Assert.Equal(["Withdraw", "ExtrinsicFailed"], events.Select(e => e.Name));
        Assert.Equal((ModuleIndex.Balances, (byte)3), (events[1].ErrorModule, events[1].ErrorCode));
        Assert.Contains("below the existential deposit", events[1].Message, StringComparison.Ordinal);
        Assert.Equal(default, t["Zoe"]);
        Assert.Equal(TestChain.DevBalance - t.Fee(tx), t["Alice"].Free);
    }

    [Fact]
    public void Transfer_CreatesAccount_WhenNewAccountGetsExactlyTheExistentialDeposit()
    {
        var t = new TestChain();
        var ed = t.Parameters.ExistentialDeposit;

        var events = t.Execute(t.Transfer("Alice", "Zoe", ed));

        Assert.Equal(["Withdraw", "NewAccount", "Endowed", "Transfer", "ExtrinsicSuccess"], events.Select(e => e.Name));
        Assert.Equal(TestChain.Account("Zoe"), events[1].Who);
        Assert.Equal((TestChain.Account("Zoe"), ed), (events[2].Who, events[2].Amount));
        Assert.Equal(new AccountInfo(0, 0, 1, 0, ed, 0, 0, AccountInfo.NewLogicFlag), t["Zoe"]);
    }

    [Fact]
    public void Transfer_BurnsDust_WhenSenderIsLeftBelowExistentialDeposit()
    {
        var t = new TestChain();
        t.Execute(t.Transfer("Alice", "Zoe", OneVeil));
        var issuance = t.Chain.TotalIssuance;
        var fee = t.Fee(t.Transfer("Zoe", "Bob", OneVeil));
        const ulong dust = 1000;
        var tx = t.Transfer("Zoe", "Bob", OneVeil - fee - dust);

        var events = t.Execute(tx);

        Assert.Equal(["Withdraw", "DustLost", "Transfer", "ExtrinsicSuccess"], events.Select(e => e.Name));
        Assert.Equal((TestChain.Account("Zoe"), (UInt128)dust), (events[1].Who, events[1].Amount));
        Assert.Equal(UInt128.Zero, t["Zoe"].Free);
        Assert.Equal(1u, t["Zoe"].Nonce); // the entry stays so the drained account's transactions cannot be replayed
        Assert.Equal(issuance - fee - dust, t.Chain.TotalIssuance);
        Assert.Equal(t.Chain.TotalIssuance, t.SumOfAccounts());
    }

    [Fact]
    public void Transfer_FailsButChargesFee_WhenDrainedAccountWouldGetLessThanExistentialDeposit()
    {
        // Regression: a drained account (entry kept, free 0) counted as existing, so it could receive dust
        // and hold a balance below the existential deposit, which no other path allows.
        var t = new TestChain();
        t.Execute(t.Transfer("Alice", "Zoe", OneVeil));
        var fee = t.Fee(t.Transfer("Zoe", "Bob", OneVeil));
        t.Execute(t.Transfer("Zoe", "Bob", OneVeil - fee));
        Assert.Equal(UInt128.Zero, t["Zoe"].Free);

        var events = t.Execute(t.Transfer("Alice", "Zoe", t.Parameters.ExistentialDeposit - 1));

        Assert.Equal(["Withdraw", "ExtrinsicFailed"], events.Select(e => e.Name));
        Assert.Equal((byte)3, events[1].ErrorCode);
        Assert.Equal(UInt128.Zero, t["Zoe"].Free);

        t.Execute(t.Transfer("Alice", "Zoe", t.Parameters.ExistentialDeposit));
        Assert.Equal(t.Parameters.ExistentialDeposit, t["Zoe"].Free);
    }

    [Fact]
    public void Transfer_FailsButChargesFee_WhenAmountExceedsFreeBalance()
    {
        var t = new TestChain();
        var tx = t.Transfer("Alice", "Bob", TestChain.DevBalance);

        var events = t.Execute(tx);

        Assert.Equal(["Withdraw", "ExtrinsicFailed"], events.Select(e => e.Name));
        Assert.Equal((ModuleIndex.Balances, (byte)2), (events[1].ErrorModule, events[1].ErrorCode));
        Assert.Contains("insufficient balance", events[1].Message, StringComparison.Ordinal);
        Assert.Equal(TestChain.DevBalance - t.Fee(tx), t["Alice"].Free);
        Assert.Equal(TestChain.DevBalance, t["Bob"].Free);
    }

    [Fact]
    public void Transfer_OnlyChargesFee_WhenSenderPaysItself()
    {
        var t = new TestChain();
        var tx = t.Transfer("Alice", "Alice", TestChain.DevBalance * 2);

        var events = t.Execute(tx);

        Assert.Equal(["Withdraw", "ExtrinsicSuccess"], events.Select(e => e.Name));
        Assert.Equal(TestChain.DevBalance - t.Fee(tx), t["Alice"].Free);
        Assert.Equal(1u, t["Alice"].Nonce);
    }

    [Fact]
    public void Transfer_OnlyChargesFee_WhenAmountIsZero()
    {
        var t = new TestChain();
        var tx = t.Transfer("Alice", "Zoe", 0);

        var events = t.Execute(tx);

        Assert.Equal(["Withdraw", "ExtrinsicSuccess"], events.Select(e => e.Name));
        Assert.Equal(default, t["Zoe"]);
    }

    [Fact]
    public void Remark_EmitsRemarkedWithBlake2Hash_WhenDispatched()
    {
        var t = new TestChain();
        var remark = "anchored data"u8.ToArray();

        var events = t.Execute(t.Sign("Bob", SystemCall.CreateRemark(remark)));

        Assert.Equal(["Withdraw", "Remarked", "ExtrinsicSuccess"], events.Select(e => e.Name));
        Assert.Equal(TestChain.Account("Bob"), events[1].Who);
        Assert.Equal(Blake2b.Hash256(remark).ToArray(), events[1].To.ToArray());
    }

    [Fact]
    public void Apply_FailsDispatchButChargesFee_WhenCallArgumentsDoNotDecode()
    {
        var t = new TestChain();
        byte[] call = [ModuleIndex.Balances, BalancesCall.TransferAllowDeath, 0x00, 1, 2, 3]; // account cut short

        var events = t.Execute(t.Sign("Alice", call));

        Assert.Equal(["Withdraw", "ExtrinsicFailed"], events.Select(e => e.Name));
        Assert.Contains("do not decode", events[1].Message, StringComparison.Ordinal);
        Assert.Equal(1u, t["Alice"].Nonce);
    }

    [Fact]
    public void ProduceBlock_RecordsEmptyEventsAndNumber_WhenBlockIsEmpty()
    {
        var t = new TestChain();

        var block = t.Produce();

        Assert.Equal(1u, block.Block.Header.Number);
        Assert.Empty(t.Events());
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, t.Chain.GetStorage(Veil.Protocol.Storage.StorageKey.SystemNumber, null));
        Assert.Null(t.Chain.ProduceBlock(TestChain.Key("Alice"), 0, allowEmpty: false));
    }
}
