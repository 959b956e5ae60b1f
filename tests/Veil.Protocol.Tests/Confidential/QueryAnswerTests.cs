using CsCheck;
using Veil.Core;
using Veil.Protocol.Confidential;
using Veil.Tests.Shared;

namespace Veil.Protocol.Tests.Confidential;

public sealed class QueryAnswerTests
{
    [Fact]
    public void Encode_MatchesGoldenVector()
    {
        var answer = new QueryAnswer(7, new Hash256(Enumerable.Repeat((byte)0xab, 32).ToArray()), [0x00, 0x04, 0x2a]);

        Assert.Equal("0x07000000" + string.Concat(Enumerable.Repeat("ab", 32)) + "0c00042a", Hex.Encode(answer.Encode()));
    }

    [Fact]
    public void TryDecode_RoundTrips_AnyAnswer()
    {
        Gen.Select(Gen.UInt, Gen.Byte.Array[32], Gen.Byte.Array[0, 200]).Sample((block, hash, result) =>
        {
            var answer = new QueryAnswer(block, new Hash256(hash), result);
            Assert.True(QueryAnswer.TryDecode(answer.Encode(), out var decoded, out var error), error);
            Assert.Equal(block, decoded.BlockNumber);
            Assert.Equal(answer.BlockHash, decoded.BlockHash);
            Assert.Equal(result, decoded.Result);
        });
    }

    [Fact]
    public void TryDecode_NeverThrows_OnMutatedBytes()
    {
        var valid = new QueryAnswer(3, new Hash256(new byte[32]), [1, 2, 3]).Encode();

        Assert.False(QueryAnswer.TryDecode(valid[..^1], out _, out var error));
        Assert.Contains("does not decode", error, StringComparison.Ordinal);
        ByteMutation.Any.Sample(mutation => { _ = QueryAnswer.TryDecode(mutation.Apply(valid), out _, out _); });
    }
}
