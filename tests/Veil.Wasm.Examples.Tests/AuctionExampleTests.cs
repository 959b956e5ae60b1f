using static Veil.Wasm.Examples.Tests.Accounts;

namespace Veil.Wasm.Examples.Tests;

public class AuctionExampleTests
{
    // AuctionError variants, in declaration order.
    private const byte AuctionClosed = 0;
    private const byte AuctionOpen = 1;
    private const byte TooEarly = 2;
    private const byte AlreadyBid = 3;
    private const byte BelowReserve = 4;

    private const ulong End = ExampleContract.Start + 60_000;
    private const ulong AfterEnd = End + 1;

    private static ExampleContract Auction(UInt128 reserve = default)
        => new ExampleContract("auction").Deployed("new", new ScaleInput().U64(End).U128(reserve), Dave);

    private static ScaleInput Amount(UInt128 amount) => new ScaleInput().U128(amount);

    private static byte[] SomeAccount(Core.AccountId account) => [0x00, 0x00, 0x01, .. new ScaleInput().Account(account).ToArray()];

    private static byte[] SomeAmount(UInt128 amount) => [0x00, 0x00, 0x01, .. Amount(amount).ToArray()];

    [Fact]
    public void Close_RevealsTheWinnerAndTheSecondPrice()
    {
        var auction = Auction(reserve: 10);
        auction.Succeed("bid", Amount(500), Alice);
        auction.Succeed("bid", Amount(800), Bob);
        auction.Succeed("bid", Amount(650), Carol);

        auction.Succeed("close", null, Dave, AfterEnd);

        Assert.Equal(SomeAccount(Bob), auction.Ask("winner", null, Alice, AfterEnd));
        Assert.Equal(SomeAmount(650), auction.Ask("price", null, Alice, AfterEnd));
    }

    [Fact]
    public void Price_IsTheReserve_WhenTheSecondBidIsLowerOrMissing()
    {
        var auction = Auction(reserve: 100);
        auction.Succeed("bid", Amount(300), Carol);

        auction.Succeed("close", null, Alice, AfterEnd);

        Assert.Equal(SomeAccount(Carol), auction.Ask("winner", null, Bob, AfterEnd));
        Assert.Equal(SomeAmount(100), auction.Ask("price", null, Bob, AfterEnd));
    }

    [Fact]
    public void Winner_GoesToTheEarlierBid_OnATie()
    {
        var auction = Auction();
        auction.Succeed("bid", Amount(700), Carol);
        auction.Succeed("bid", Amount(700), Alice);
        auction.Succeed("close", null, Bob, AfterEnd);

        Assert.Equal(SomeAccount(Carol), auction.Ask("winner", null, Bob, AfterEnd));
        Assert.Equal(SomeAmount(700), auction.Ask("price", null, Bob, AfterEnd));
    }

    [Fact]
    public void Bids_StaySecret_UntilClose()
    {
        var auction = Auction();
        auction.Succeed("bid", Amount(500), Alice);
        auction.Succeed("bid", Amount(900), Bob);

        Assert.Equal(ExampleContract.Refused(AuctionOpen), auction.Query("winner", null, Alice).Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(AuctionOpen), auction.Query("price", null, Bob).Error!.Value.Message);
        Assert.Equal((byte[])[0x00, 0x01, .. Amount(500).ToArray()], auction.Ask("my_bid", null, Alice));
        Assert.Equal(new byte[] { 0x00, 0x00 }, auction.Ask("my_bid", null, Carol));
        Assert.Empty(auction.Succeed("bid", Amount(1), Carol).Events);
    }

    [Fact]
    public void Bid_IsRefused_AfterTheEndTime_AndAfterClose()
    {
        var auction = Auction();
        auction.Succeed("bid", Amount(5), Alice);

        Assert.Equal(ExampleContract.Refused(AuctionClosed), auction.Call("bid", Amount(9), Bob, AfterEnd).Error!.Value.Message);
        auction.Succeed("close", null, Alice, AfterEnd);
        Assert.Equal(ExampleContract.Refused(AuctionClosed), auction.Call("bid", Amount(9), Carol, AfterEnd).Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(AuctionClosed), auction.Call("close", null, Bob, AfterEnd).Error!.Value.Message);
        Assert.Equal(SomeAccount(Alice), auction.Ask("winner", null, Bob, AfterEnd));
    }

    [Fact]
    public void Close_IsRefused_BeforeTheEndTime()
    {
        var auction = Auction();
        auction.Succeed("bid", Amount(5), Alice);
        var before = auction.StateHash;

        var outcome = auction.Call("close", null, Dave, End - 1);

        Assert.Equal(ExampleContract.Refused(TooEarly), outcome.Error!.Value.Message);
        Assert.Equal(before, auction.StateHash);
    }

    [Fact]
    public void Bid_IsRefused_WhenRepeatedOrBelowTheReserve()
    {
        var auction = Auction(reserve: 50);
        auction.Succeed("bid", Amount(60), Alice);
        var before = auction.StateHash;

        Assert.Equal(ExampleContract.Refused(AlreadyBid), auction.Call("bid", Amount(100), Alice).Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(BelowReserve), auction.Call("bid", Amount(49), Bob).Error!.Value.Message);
        Assert.Equal(before, auction.StateHash);
    }

    [Fact]
    public void Close_WithoutBids_RevealsNoWinner()
    {
        var auction = Auction(reserve: 50);

        auction.Succeed("close", null, Alice, AfterEnd);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x00 }, auction.Ask("winner", null, Alice, AfterEnd));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00 }, auction.Ask("price", null, Alice, AfterEnd));
    }
}
