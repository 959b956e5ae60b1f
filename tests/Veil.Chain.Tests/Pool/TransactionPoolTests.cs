using Veil.Chain.Runtime;
using Veil.Core.Hashing;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;

namespace Veil.Chain.Tests.Pool;

public class TransactionPoolTests
{
    [Fact]
    public void Submit_ReturnsBadSignature_WhenSignatureIsTampered()
    {
        var t = new TestChain();
        var tx = t.Transfer("Alice", "Bob", 1);
        tx[40] ^= 0x01; // inside the signature

        AssertRejected(t, tx, TransactionError.BadSignature, "bad signature");
    }

    [Fact]
    public void Submit_ReturnsBadSignature_WhenSignedForAnotherChain()
    {
        var t = new TestChain();
        var otherChain = t.Chain.SigningContext with { GenesisHash = Blake2b.Hash256("another chain"u8) };
        var tx = t.Sign("Alice", BalancesCall.Transfer(TestChain.Account("Bob"), 1), context: otherChain);

        AssertRejected(t, tx, TransactionError.BadSignature, "does not verify for this signer, call, nonce and chain");
    }

    [Fact]
    public void Submit_ReturnsBadSignature_WhenSignedForAnotherSpecOrTransactionVersion()
    {
        var t = new TestChain();
        var context = t.Chain.SigningContext;
        var call = BalancesCall.Transfer(TestChain.Account("Bob"), 1);

        AssertRejected(t, t.Sign("Alice", call, context: context with { SpecVersion = context.SpecVersion + 1 }, eraBlockHash: context.GenesisHash), TransactionError.BadSignature, "bad signature");
        AssertRejected(t, t.Sign("Alice", call, context: context with { TransactionVersion = context.TransactionVersion + 1 }, eraBlockHash: context.GenesisHash), TransactionError.BadSignature, "bad signature");
    }

    [Fact]
    public void Submit_ReturnsStaleNonce_WhenNonceWasAlreadyUsed()
    {
        var t = new TestChain();
        t.Execute(t.Transfer("Alice", "Bob", 1, nonce: 0));

        AssertRejected(t, t.Transfer("Alice", "Bob", 2, nonce: 0), TransactionError.StaleNonce, "stale nonce 0: the account's next nonce is 1");
    }

    [Fact]
    public void Submit_ReturnsFutureNonce_WhenNonceIsBeyondTheWindow()
    {
        var t = new TestChain();
        var window = t.Parameters.NonceWindow;

        AssertRejected(t, t.Transfer("Alice", "Bob", 1, nonce: window), TransactionError.FutureNonce, $"nonce {window} is too far ahead");
        Assert.True(t.Chain.Pool.Submit(t.Transfer("Alice", "Bob", 1, nonce: window - 1), out _).IsValid);
    }

    [Fact]
    public void Submit_ReturnsCannotPayFees_WhenSenderHasNoFunds()
    {
        var t = new TestChain();

        AssertRejected(t, t.Transfer("Nobody", "Bob", 1), TransactionError.CannotPayFees, "insufficient balance for fees");
    }

    [Fact]
    public void Submit_ReturnsCannotPayFees_WhenTipIsHuge()
    {
        // Regression: fee = base + bytes + tip overflowed u128 (checked arithmetic) and threw instead.
        var t = new TestChain();

        AssertRejected(t, t.Transfer("Alice", "Bob", 1, tip: UInt128.MaxValue), TransactionError.CannotPayFees, "insufficient balance for fees");
        AssertRejected(t, t.Transfer("Alice", "Bob", 1, tip: TestChain.DevBalance), TransactionError.CannotPayFees, "insufficient balance for fees");
    }

    [Fact]
    public void Submit_ReturnsCannotPayFees_WhenFeeWouldLeaveLessThanExistentialDeposit()
    {
        var t = new TestChain();
        t.Execute(t.Transfer("Alice", "Zoe", t.Parameters.ExistentialDeposit));

        AssertRejected(t, t.Transfer("Zoe", "Bob", 0), TransactionError.CannotPayFees, "existential deposit");
    }

    [Fact]
    public void Submit_ReturnsAlreadyImported_WhenSameTransactionOrNonceIsSubmittedTwice()
    {
        var t = new TestChain();
        var tx = t.Transfer("Alice", "Bob", 1, nonce: 0);
        t.Submit(tx);

        AssertRejected(t, tx, TransactionError.AlreadyImported, "already in the pool");
        AssertRejected(t, t.Transfer("Alice", "Bob", 2, nonce: 0), TransactionError.AlreadyImported, "nonce 0 from this sender is already in the pool");
        Assert.Equal(1, t.Chain.Pool.Count);
    }

    [Fact]
    public void Submit_ReturnsTooLarge_WhenExtrinsicExceedsTheLimit()
    {
        var t = new TestChain();
        var tx = t.Sign("Alice", SystemCall.CreateRemark(new byte[ExtrinsicCodec.MaxEncodedLength]));

        AssertRejected(t, tx, TransactionError.TooLarge, $"the limit is {ExtrinsicCodec.MaxEncodedLength}");
    }

    [Fact]
    public void Submit_ReturnsUnsigned_WhenExtrinsicHasNoSignature()
    {
        var t = new TestChain();

        AssertRejected(t, ExtrinsicCodec.EncodeUnsigned(SystemCall.CreateRemark("x"u8)), TransactionError.Unsigned, "unsigned transactions are not accepted");
    }

    [Theory]
    [InlineData(new byte[] { }, "input ends early")]
    [InlineData(new byte[] { 0x04, 0xff, 0xff }, "length prefix says 1 bytes but 2 follow")]
    [InlineData(new byte[] { 0xde, 0xad, 0xbe, 0xef }, "exceeds the limit")]
    [InlineData(new byte[] { 0x08, 0x05, 0x00 }, "unsupported extrinsic format version 5")]
    [InlineData(new byte[] { 0x0c, 0x84, 0x00, 0x00 }, "input ends early")]
    public void Submit_ReturnsBadCallWithDecodeError_WhenBytesAreGarbage(byte[] garbage, string expected)
    {
        var t = new TestChain();

        AssertRejected(t, garbage, TransactionError.BadCall, expected);
    }

    [Fact]
    public void Submit_ReturnsBadCall_WhenCallIsUnknown()
    {
        var t = new TestChain();

        AssertRejected(t, t.Sign("Alice", [ModuleIndex.Bridge, 9, 1, 2]), TransactionError.BadCall, "unknown call 7.9");
    }

    [Fact]
    public void Submit_ReturnsAncientBirthBlock_WhenMortalEraStartsInTheFuture()
    {
        var t = new TestChain();
        var next = t.Chain.Head.Number + 1;

        var tx = t.Sign("Alice", BalancesCall.Transfer(TestChain.Account("Bob"), 1), era: Era.Mortal(64, next));

        AssertRejected(t, tx, TransactionError.AncientBirthBlock, "is not yet known");
    }

    [Fact]
    public void Submit_AcceptsMortalTransaction_UntilItsEraEnds()
    {
        var t = new TestChain();
        t.Produce();
        var head = t.Chain.Head;
        var call = BalancesCall.Transfer(TestChain.Account("Bob"), 1);
        var tx = t.Sign("Alice", call, era: Era.Mortal(4, head.Number), eraBlockHash: head.Hash);

        t.Execute(tx);
        Assert.Equal(1u, t["Alice"].Nonce);

        // The same signature four blocks on: the birth block it names has moved, so it no longer verifies.
        var late = t.Sign("Alice", call, era: Era.Mortal(4, head.Number), eraBlockHash: head.Hash);
        for (var i = 0; i < 4; i++) t.Produce();
        AssertRejected(t, late, TransactionError.BadSignature, "bad signature");
    }

    [Fact]
    public void ProduceBlock_DropsMortalTransaction_WhenItsEraEndedWhileItWaitedInThePool()
    {
        // A mortal transaction waits behind a nonce gap until its era is over: it must not be included then.
        var t = new TestChain();
        t.Produce();
        var head = t.Chain.Head;
        var mortal = t.Sign("Alice", BalancesCall.Transfer(TestChain.Account("Bob"), 1), nonce: 1, era: Era.Mortal(4, head.Number), eraBlockHash: head.Hash);
        var expired = t.Submit(mortal);
        for (var i = 0; i < 4; i++) t.Produce();
        var dropped = new List<DroppedTransaction>();
        t.Chain.TransactionDropped += dropped.Add;

        t.Execute(t.Transfer("Alice", "Bob", 2, nonce: 0));

        Assert.Equal(1u, t["Alice"].Nonce);
        Assert.Equal(expired.Hash, Assert.Single(dropped).Hash);
        Assert.Contains("era", dropped[0].Reason, StringComparison.Ordinal);
        Assert.Equal(0, t.Chain.Pool.Count);
    }

    [Fact]
    public void ProduceBlock_IncludesNoncesInOrder_WhenSubmittedInReverse()
    {
        var t = new TestChain();
        var txs = new[] { t.Transfer("Alice", "Bob", 1, nonce: 2), t.Transfer("Alice", "Bob", 2, nonce: 1), t.Transfer("Alice", "Bob", 3, nonce: 0) };
        foreach (var tx in txs) t.Submit(tx);

        var block = t.Produce(allowEmpty: false);

        Assert.Equal([txs[2], txs[1], txs[0]], block.Block.Extrinsics);
        Assert.Equal(3u, t["Alice"].Nonce);
        Assert.Equal(0, t.Chain.Pool.Count);
    }

    [Fact]
    public void ProduceBlock_WaitsForTheGap_WhenANonceIsMissing()
    {
        var t = new TestChain();
        var tx0 = t.Transfer("Alice", "Bob", 1, nonce: 0);
        var tx2 = t.Transfer("Alice", "Bob", 3, nonce: 2);
        var tx3 = t.Transfer("Alice", "Bob", 4, nonce: 3);
        t.Submit(tx0);
        t.Submit(tx2);
        t.Submit(tx3);

        Assert.Equal([tx0], t.Produce(allowEmpty: false).Block.Extrinsics);
        Assert.Equal(2, t.Chain.Pool.Count);
        Assert.Equal(1u, t.Chain.Pool.NextNonce(TestChain.Account("Alice")));
        Assert.Null(t.Chain.ProduceBlock(TestChain.Key("Alice"), 0, allowEmpty: false));

        var tx1 = t.Transfer("Alice", "Bob", 2, nonce: 1);
        t.Submit(tx1);
        Assert.Equal([tx1, tx2, tx3], t.Produce(allowEmpty: false).Block.Extrinsics);
        Assert.Equal(4u, t["Alice"].Nonce);
        Assert.Equal(0, t.Chain.Pool.Count);
    }

    [Fact]
    public void ProduceBlock_DropsTransaction_WhenItBecameUnaffordable()
    {
        var t = new TestChain();
        t.Execute(t.Transfer("Alice", "Zoe", 10 * t.Parameters.ExistentialDeposit));
        var fee = t.Fee(t.Transfer("Zoe", "Bob", 10 * t.Parameters.ExistentialDeposit)); // same length as `first`
        var first = t.Transfer("Zoe", "Bob", (10 * t.Parameters.ExistentialDeposit) - fee - t.Parameters.ExistentialDeposit, nonce: 0);
        var second = t.Transfer("Zoe", "Bob", 1, nonce: 1); // admitted against the balance before `first`
        t.Submit(first);
        t.Submit(second);
        var dropped = new List<DroppedTransaction>();
        t.Chain.TransactionDropped += dropped.Add;

        var block = t.Produce(allowEmpty: false);

        Assert.Equal([first], block.Block.Extrinsics);
        Assert.Contains("insufficient balance for fees", Assert.Single(dropped).Reason, StringComparison.Ordinal);
        Assert.Equal(0, t.Chain.Pool.Count);
    }

    private static void AssertRejected(TestChain t, byte[] encoded, TransactionError error, string message)
    {
        var count = t.Chain.Pool.Count;
        var check = t.Chain.Pool.Submit(encoded, out var extrinsic);

        Assert.Equal(error, check.Error);
        Assert.Contains(message, check.Message, StringComparison.Ordinal);
        Assert.Null(extrinsic);
        Assert.Equal(count, t.Chain.Pool.Count);
    }
}
