using CsCheck;
using Veil.Contracts.Runtime;
using Veil.Core;

namespace Veil.Contracts.Tests.Runtime;

public class ContractStateSnapshotTests
{
    private static readonly Gen<ContractState> States =
        Gen.Select(Gen.Byte.Array[1, 40], Gen.Byte.Array[0, 80]).Array[0, 40].Select(entries =>
        {
            var state = new ContractState();
            foreach (var (key, value) in entries)
            {
                state.Set(key, value);
            }

            return state;
        });

    [Fact]
    public void TryDecodeSnapshot_GivesSameHashAndBytes_WhenStateIsAny()
    {
        States.Sample(state =>
        {
            var encoded = state.EncodeSnapshot();

            Assert.True(ContractState.TryDecodeSnapshot(encoded, out var decoded, out var error), error);
            Assert.Equal(state.ComputeHash(), decoded.ComputeHash());
            Assert.Equal(encoded, decoded.EncodeSnapshot());
            Assert.Equal(state.Count, decoded.Count);
        }, iter: 500);
    }

    [Fact]
    public void ComputeHash_IsBlake2bOfTheSnapshot_WhenStateIsAny()
    {
        States.Sample(state =>
            Assert.Equal(Veil.Core.Hashing.Blake2b.Hash256(state.EncodeSnapshot()), state.ComputeHash()), iter: 200);
    }

    [Fact]
    public void TryDecodeSnapshot_Fails_WhenSnapshotIsTruncatedAnywhere()
    {
        var state = new ContractState();
        state.Set([1, 2], [3, 4, 5]);
        state.Set([7], []);
        var encoded = state.EncodeSnapshot();

        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.False(ContractState.TryDecodeSnapshot(encoded.AsSpan(0, length), out var empty, out var error));
            Assert.NotEmpty(error);
            Assert.Equal(0, empty.Count);
        }
    }

    [Theory]
    [InlineData("0x0200", "unknown contract state snapshot version 2")]
    [InlineData("0x010000", "trailing")]
    [InlineData("0x0108040200040100", "not in strictly ascending")] // key [02] before key [01]
    [InlineData("0x0108040100040100", "not in strictly ascending")] // key [01] twice
    [InlineData("0x0104000401", "empty key")]
    [InlineData("0x01fd", "")] // a length prefix cut short
    public void TryDecodeSnapshot_Fails_WhenEncodingIsNotCanonical(string hex, string expected)
    {
        Assert.False(ContractState.TryDecodeSnapshot(Hex.Decode(hex), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeSnapshot_Fails_WhenCountClaimsMoreEntriesThanBytes()
    {
        // Compact 2^30 entries with nothing behind: refused before anything is allocated.
        Assert.False(ContractState.TryDecodeSnapshot(Hex.Decode("0x010300000040"), out _, out var error));
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeSnapshot_NeverThrows_WhenBytesAreRandom()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            if (ContractState.TryDecodeSnapshot(bytes, out var state, out _))
            {
                // Whatever decodes is canonical: it re-encodes to the same bytes.
                Assert.Equal(bytes, state.EncodeSnapshot());
            }
        }, iter: 2000);
    }

    [Fact]
    public void TryDecodeSnapshot_NeverThrows_WhenValidSnapshotIsMutated()
    {
        var state = new ContractState();
        state.Set([1], [1, 2, 3]);
        state.Set([2, 2], [4]);
        state.Set([3], new byte[20]);
        var encoded = state.EncodeSnapshot();

        Gen.Select(Gen.Int[0, encoded.Length - 1], Gen.Byte).Sample((index, value) =>
        {
            var mutated = (byte[])encoded.Clone();
            mutated[index] = value;
            if (ContractState.TryDecodeSnapshot(mutated, out var decoded, out _))
            {
                Assert.Equal(mutated, decoded.EncodeSnapshot());
            }
        }, iter: 2000);
    }
}
