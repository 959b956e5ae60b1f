using Veil.Contracts.Runtime;
using Veil.Core;

namespace Veil.Contracts.Tests.Runtime;

public class ContractStateTests
{
    [Fact]
    public void Entries_AreInByteOrder_WhenInsertedOutOfOrder()
    {
        var state = new ContractState();
        state.Set([0x02], [1]);
        state.Set([0x01, 0xff], [2]);
        state.Set([0x01], [3]);
        state.Set([0xff], [4]);

        var keys = new List<string>();
        foreach (var entry in state.Entries)
        {
            keys.Add(Convert.ToHexStringLower(entry.Key.Span));
        }

        Assert.Equal(["01", "01ff", "02", "ff"], keys);
    }

    [Fact]
    public void Rollback_RestoresEveryChange_WhenKeysWereAddedOverwrittenAndRemoved()
    {
        var state = new ContractState();
        state.Set([1], [10]);
        state.Set([2], [20]);
        var before = state.ComputeHash();

        state.Begin();
        state.Set([1], [11]);
        state.Set([1], [12]);
        state.Remove([2]);
        state.Set([2], [22]);
        state.Set([3], [30]);
        state.Remove([3]);
        state.Set([4], [40]);
        Assert.NotEqual(before, state.ComputeHash());
        state.Rollback();

        Assert.Equal(before, state.ComputeHash());
        Assert.Equal(2, state.Count);
        Assert.True(state.TryGet([1], out var one));
        Assert.Equal([10], one.ToArray());
        Assert.False(state.InTransaction);
    }

    [Fact]
    public void Commit_KeepsChanges_WhenTransactionSucceeds()
    {
        var state = new ContractState();
        state.Begin();
        state.Set([1], [10]);
        state.Commit();

        state.Begin();
        state.Rollback();

        Assert.True(state.TryGet([1], out var value));
        Assert.Equal([10], value.ToArray());
    }

    [Fact]
    public void Begin_Throws_WhenTransactionIsAlreadyOpen()
    {
        var state = new ContractState();
        state.Begin();

        Assert.Throws<InvalidOperationException>(state.Begin);
    }

    [Fact]
    public void Rollback_Throws_WhenNoTransactionIsOpen()
        => Assert.Throws<InvalidOperationException>(new ContractState().Rollback);

    [Theory]
    [InlineData(0)]
    [InlineData(ContractState.MaxKeyLength + 1)]
    public void Set_Throws_WhenKeyLengthIsOutOfRange(int length)
        => Assert.Throws<ArgumentException>(() => new ContractState().Set(new byte[length], [1]));

    [Fact]
    public void Set_CopiesItsArguments_WhenCallerReusesTheBuffer()
    {
        var state = new ContractState();
        byte[] key = [1];
        byte[] value = [5];
        state.Set(key, value);

        key[0] = 9;
        value[0] = 6;

        Assert.True(state.TryGet([1], out var stored));
        Assert.Equal([5], stored.ToArray());
    }

    [Fact]
    public void ComputeHash_Changes_WhenStateChangesAfterCaching()
    {
        var state = new ContractState();
        var empty = state.ComputeHash();
        state.Set([1], [1]);

        Assert.NotEqual(empty, state.ComputeHash());
    }

    [Fact]
    public void ComputeHash_MatchesGoldenVector_WhenStateIsEmpty()
    {
        var state = new ContractState();

        // BLAKE2b-256(0x01 ‖ 0x00): version 1, no entries (computed with Python's hashlib).
        Assert.Equal("0x0100", Hex.Encode(state.EncodeSnapshot()));
        Assert.Equal(Hash256.Parse("0x8080778c30c20fa2ebc0ed18d2cbca1f30b027625c7d9d97f5d589721c91aeb6"), state.ComputeHash());
    }
}
