using CsCheck;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Enclave.LightClient;

namespace Veil.Enclave.Tests.LightClient;

public class LightClientStateTests
{
    // genesis hash ‖ Vec<AccountId> ‖ u32 threshold ‖ u32 last number ‖ last hash.
    // Computed independently (Python and the SCALE rules), not by this code.
    private const string GoldenState = "0x0101010101010101010101010101010101010101010101010101010101010101"
        + "0caaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        + "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
        + "02000000d2040000"
        + "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

    private static readonly Hash256 Genesis = Fill(0x01);
    private static readonly AccountId A = new(Enumerable.Repeat((byte)0xaa, 32).ToArray());
    private static readonly AccountId B = new(Enumerable.Repeat((byte)0xbb, 32).ToArray());
    private static readonly AccountId C = new(Enumerable.Repeat((byte)0xcc, 32).ToArray());

    [Fact]
    public void Encode_MatchesGoldenVector_WhenStateIsFixed()
    {
        var state = new LightClientState(Genesis, [A, B, C], 2, 1234, Fill(0x0f));

        Assert.Equal(GoldenState, Hex.Encode(state.Encode()));
        Assert.True(LightClientState.TryDecode(Hex.Decode(GoldenState), out var decoded, out var error), error);
        Assert.Equal(state, decoded);
        Assert.Equal([A, B, C], decoded.Authorities);
        Assert.Equal(2, decoded.Threshold);
        Assert.Equal(1234u, decoded.LastNumber);
    }

    [Fact]
    public void TryDecode_RoundTrips_WhenStateIsAtGenesisOrAdvanced()
    {
        var genesis = LightClientState.AtGenesis(Genesis, [A], 1);
        var advanced = genesis.Advance(9, Fill(0x09));

        foreach (var state in new[] { genesis, advanced })
        {
            Assert.True(LightClientState.TryDecode(state.Encode(), out var decoded, out var error), error);
            Assert.Equal(state, decoded);
        }

        Assert.Equal(Genesis, genesis.LastHash);
        Assert.Equal(9u, advanced.LastNumber);
        Assert.Equal(genesis.Authorities, advanced.Authorities);
    }

    [Theory]
    [InlineData("no authorities", "invalid light client state: the authority set must have 1 to 1024 members, not 0")]
    [InlineData("duplicate authority", "invalid light client state: authority ")]
    [InlineData("zero threshold", "invalid light client state: threshold 0 is not between 1 and the 2 authorities")]
    [InlineData("threshold above set", "invalid light client state: threshold 3 is not between 1 and the 2 authorities")]
    [InlineData("huge threshold", "invalid light client state: threshold 4294967295 is not between 1 and the 2 authorities")]
    [InlineData("genesis hash mismatch", "invalid light client state: block #0 must be the genesis block ")]
    [InlineData("trailing byte", "undecodable light client state: 1 unexpected trailing byte(s)")]
    [InlineData("truncated", "undecodable light client state: input ends early")]
    [InlineData("authority count beyond bytes", "undecodable light client state: length 3 is longer than")]
    public void TryDecode_Refuses_WhenStateIsGarbage(string garbage, string reason)
    {
        var bytes = garbage switch
        {
            "no authorities" => Raw(Genesis, [], 1, 5, Fill(0x05)),
            "duplicate authority" => Raw(Genesis, [A, A], 1, 5, Fill(0x05)),
            "zero threshold" => Raw(Genesis, [A, B], 0, 5, Fill(0x05)),
            "threshold above set" => Raw(Genesis, [A, B], 3, 5, Fill(0x05)),
            "huge threshold" => Raw(Genesis, [A, B], uint.MaxValue, 5, Fill(0x05)),
            "genesis hash mismatch" => Raw(Genesis, [A, B], 1, 0, Fill(0x05)),
            "trailing byte" => [.. Raw(Genesis, [A, B], 1, 5, Fill(0x05)), 0],
            "truncated" => Raw(Genesis, [A, B], 1, 5, Fill(0x05))[..^1],
            _ => Raw(Genesis, [A, B], 1, 5, Fill(0x05)).Select((b, i) => i == 32 ? (byte)(3 << 2) : b).ToArray()[..100],
        };

        Assert.False(LightClientState.TryDecode(bytes, out _, out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Throws_WhenGenesisBlockHasAnotherHash()
    {
        Assert.Throws<ArgumentException>(() => new LightClientState(Genesis, [A], 1, 0, Fill(0x02)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LightClientState.AtGenesis(Genesis, [A], 1).Advance(0, Fill(0x02)));
    }

    [Fact]
    public void TryDecode_NeverThrowsAndRoundTrips_WhenBytesAreMutated()
    {
        var genuine = new LightClientState(Genesis, [A, B, C], 2, 77, Fill(0x07)).Encode();

        ByteMutation.Any.Sample(mutation =>
        {
            var bytes = mutation.Apply(genuine);
            return LightClientState.TryDecode(bytes, out var state, out var error)
                ? state.Encode().AsSpan().SequenceEqual(bytes)
                : error.Length > 0;
        }, iter: 5000);
    }

    [Fact]
    public void TryDecode_RoundTrips_WhenStatesAreRandom()
    {
        var gen = Gen.Select(Gen.Byte.Array[32], Gen.Int[1, 20], Gen.UInt, Gen.Byte.Array[32]);
        gen.Sample((genesis, count, number, last) =>
        {
            var authorities = Enumerable.Range(0, count).Select(i => new AccountId(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
            var state = new LightClientState(new Hash256(genesis), authorities, 1 + (int)(number % (uint)count), number, number == 0 ? new Hash256(genesis) : new Hash256(last));
            return LightClientState.TryDecode(state.Encode(), out var decoded, out _) && decoded.Equals(state);
        }, iter: 500);
    }

    private static Hash256 Fill(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    // Encodes without the constructor's checks, as a corrupted or forged checkpoint could hold.
    private static byte[] Raw(Hash256 genesis, AccountId[] authorities, uint threshold, uint number, Hash256 last)
    {
        var writer = new ScaleWriter(256);
        writer.WriteHash(genesis);
        writer.WriteLength(authorities.Length);
        foreach (var authority in authorities) writer.WriteAccount(authority);
        writer.WriteU32(threshold);
        writer.WriteU32(number);
        writer.WriteHash(last);
        var bytes = writer.ToArray();
        writer.Dispose();
        return bytes;
    }
}
