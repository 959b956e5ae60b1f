using static Veil.Wasm.Examples.Tests.Accounts;

namespace Veil.Wasm.Examples.Tests;

public class VoteExampleTests
{
    // VoteError variants, in declaration order.
    private const byte VotingClosed = 0;
    private const byte VotingOpen = 1;
    private const byte AlreadyVoted = 2;
    private const byte NoSuchOption = 3;
    private const byte NotOrganiser = 4;

    private static ExampleContract Vote(uint options = 3) => new ExampleContract("vote").Deployed("new", new ScaleInput().U32(options), Dave);

    private static ScaleInput Option(uint option) => new ScaleInput().U32(option);

    private static byte[] Count(uint count) => [0x00, 0x00, .. new ScaleInput().U32(count).ToArray()];

    [Fact]
    public void Tally_CountsEveryBallot_AfterClose()
    {
        var vote = Vote();
        vote.Succeed("vote", Option(2), Alice);
        vote.Succeed("vote", Option(0), Bob);
        vote.Succeed("vote", Option(2), Carol);

        vote.Succeed("close", null, Dave);

        Assert.Equal(Count(1), vote.Ask("tally", Option(0), Alice));
        Assert.Equal(Count(0), vote.Ask("tally", Option(1), Alice));
        Assert.Equal(Count(2), vote.Ask("tally", Option(2), Alice));
        Assert.Equal(Count(3), vote.Ask("turnout", null, Bob));
    }

    [Fact]
    public void Tally_IsSecret_WhileTheVoteIsOpen()
    {
        var vote = Vote();
        vote.Succeed("vote", Option(1), Alice);

        Assert.Equal(ExampleContract.Refused(VotingOpen), vote.Query("tally", Option(1), Dave).Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(VotingOpen), vote.Query("turnout", null, Dave).Error!.Value.Message);
        Assert.Equal(new byte[] { 0x00, 0x01 }, vote.Ask("has_voted", null, Alice));
        Assert.Equal(new byte[] { 0x00, 0x00 }, vote.Ask("has_voted", null, Bob));
    }

    [Fact]
    public void Vote_IsRefused_WhenTheAccountHasAlreadyVoted()
    {
        var vote = Vote();
        vote.Succeed("vote", Option(0), Alice);
        var before = vote.StateHash;

        var outcome = vote.Call("vote", Option(1), Alice);

        Assert.Equal(ExampleContract.Refused(AlreadyVoted), outcome.Error!.Value.Message);
        Assert.Equal(before, vote.StateHash);
        vote.Succeed("close", null, Dave);
        Assert.Equal(Count(0), vote.Ask("tally", Option(1), Alice));
    }

    [Fact]
    public void Vote_IsRefused_AfterClose_OrForAMissingOption()
    {
        var vote = Vote(options: 2);

        Assert.Equal(ExampleContract.Refused(NoSuchOption), vote.Call("vote", Option(2), Alice).Error!.Value.Message);
        vote.Succeed("close", null, Dave);
        Assert.Equal(ExampleContract.Refused(VotingClosed), vote.Call("vote", Option(0), Bob).Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(NoSuchOption), vote.Query("tally", Option(7), Bob).Error!.Value.Message);
    }

    [Fact]
    public void Close_IsRefused_ForAnyoneButTheOrganiser()
    {
        var vote = Vote();
        vote.Succeed("vote", Option(0), Alice);

        Assert.Equal(ExampleContract.Refused(NotOrganiser), vote.Call("close", null, Alice).Error!.Value.Message);
        Assert.Equal(ExampleContract.Refused(VotingOpen), vote.Query("tally", Option(0), Alice).Error!.Value.Message);
    }

    [Fact]
    public void State_NeverLinksAVoterToAChoice()
    {
        // The same voter choosing differently: every entry that mentions the voter is identical; only counts differ.
        var first = Vote();
        var second = Vote();
        first.Succeed("vote", Option(0), Alice);
        second.Succeed("vote", Option(1), Alice);

        var voter = new ScaleInput().Account(Alice).ToArray();
        var firstEntries = EntriesMentioning(first, voter);
        Assert.NotEmpty(firstEntries);
        Assert.Equal(firstEntries, EntriesMentioning(second, voter));
        Assert.NotEqual(first.StateHash, second.StateHash);
    }

    private static List<string> EntriesMentioning(ExampleContract contract, byte[] account)
    {
        var found = new List<string>();
        foreach (var (key, value) in contract.Instance.State.Entries)
        {
            if (key.Span.IndexOf(account) >= 0 || value.Span.IndexOf(account) >= 0)
            {
                found.Add($"{Convert.ToHexString(key.Span)}={Convert.ToHexString(value.Span)}");
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
