using System.Globalization;
using CsCheck;
using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Protocol.Tests.Blocks;

public class BlockHeaderTests
{
    private const string GoldenHeader =
        "0x"
        + "ca012af9f59684c89c497f3792747c2d013fbdcfd4b2f665b54af1eba0378ebe" // parent hash
        + "02093d00" // compact number 1_000_000
        + "8ea271c50cb4808a5ca5285497cd0b9825259ef7c454172a14bc7a6113f78cca" // state root
        + "76b2148d18e76f3b72fd885a4c1cb8e85b4f708245dc200e822da59a4b01cd79" // extrinsics root
        + "a10d2ffc79e89bb63d8d6ee3b425b6b9400cf6c405f10b905453413f46937b46" // messages root
        + "00a8da769b010000" // timestamp u64
        + "88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"; // author (//Alice)

    private const string GoldenHash = "0x51a60e56220706c7ddf6579939ef7bea8cdd56e126355df18535e375d3e6ebcc";

    [Fact]
    public void Encode_MatchesGoldenVector_WhenHeaderIsFixed()
    {
        var header = SampleBlocks.Header;

        Assert.Equal(GoldenHeader, Hex.Encode(header.Encode()));
        Assert.Equal(GoldenHash, header.Hash.ToString());
    }

    [Fact]
    public void TryDecode_ReadsEveryField_WhenInputIsGoldenVector()
    {
        Assert.True(BlockHeader.TryDecode(Hex.Decode(GoldenHeader), out var header, out var error), error);

        Assert.Equal(SampleBlocks.Header, header);
        Assert.Equal(GoldenHash, header.Hash.ToString());
    }

    [Fact]
    public async Task Encode_EqualsPolkadotJsTuple_AndHashEqualsItsBlake2b()
    {
        var header = SampleBlocks.Header;
        var output = await NodeReference.RunAsync("scale-codec.mjs", new
        {
            types = new[]
            {
                new
                {
                    type = "(Hash, Compact<u32>, Hash, Hash, Hash, u64, AccountId32)",
                    value = new object[]
                    {
                        header.ParentHash.ToString(), header.Number.ToString(CultureInfo.InvariantCulture) + "n", header.StateRoot.ToString(),
                        header.ExtrinsicsRoot.ToString(), header.MessagesRoot.ToString(), header.Timestamp.ToString(CultureInfo.InvariantCulture) + "n", Hex.Encode(header.Author.ToArray()),
                    },
                },
            },
            hashes = new[] { Hex.Encode(header.Encode()) },
        });

        Assert.Equal(Hex.Encode(header.Encode()), output.GetProperty("types")[0].GetString());
        Assert.Equal(header.Hash.ToString(), output.GetProperty("blake2")[0].GetProperty("b256").GetString());
    }

    [Fact]
    public void Equals_IgnoresCachedHash_WhenOnlyOneSideWasHashed()
    {
        // Regression: the lazily cached hash took part in record equality.
        var hashed = SampleBlocks.Header;
        _ = hashed.Hash;

        Assert.Equal(SampleBlocks.Header, hashed);
        Assert.Equal(SampleBlocks.Header.GetHashCode(), hashed.GetHashCode());
    }

    [Fact]
    public void With_RecomputesHash_WhenAFieldChanges()
    {
        // Regression: `with` copied the cached hash of the original into the changed header.
        var header = SampleBlocks.Header;
        _ = header.Hash;

        var changed = header with { StateRoot = Hash256.Zero };

        Assert.NotEqual(header.Hash, changed.Hash);
        Assert.Equal(Veil.Core.Hashing.Blake2b.Hash256(changed.Encode()), changed.Hash);
        Assert.NotEqual(header, changed);
    }

    [Fact]
    public void TryDecode_RoundTrips_ForAnyHeader()
    {
        SampleBlocks.AnyHeader.Sample(header =>
        {
            Assert.True(BlockHeader.TryDecode(header.Encode(), out var decoded, out var error), error);
            Assert.Equal(header, decoded);
            Assert.Equal(header.Hash, decoded.Hash);
        }, iter: 500);
    }

    [Fact]
    public void TryDecode_ReturnsError_WhenBlockNumberExceedsU32()
    {
        var bytes = new byte[32 + 9 + 32 + 32 + 32 + 8 + 32];
        bytes[32] = 0b0001_0011; // compact, 8 bytes follow
        bytes[32 + 8] = 1; // value 2^56: needs u64

        Assert.False(BlockHeader.TryDecode(bytes, out _, out var error));
        Assert.Contains("block number exceeds u32", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenInputIsRandomBytes()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            if (!BlockHeader.TryDecode(bytes, out _, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }, iter: 3000);
    }

    [Fact]
    public void TryDecode_ReturnsErrorOrDifferentHeader_WhenEncodingIsMutated()
    {
        Gen.Select(SampleBlocks.AnyHeader, ByteMutation.Any).Sample((header, mutation) =>
        {
            var valid = header.Encode();
            var mutated = mutation.Apply(valid);
            if (BlockHeader.TryDecode(mutated, out var decoded, out var error))
            {
                // A valid variant must be a different header with a different hash (no malleability).
                Assert.Equal(mutated.AsSpan().SequenceEqual(valid), decoded.Hash == header.Hash);
                Assert.Equal(mutated, decoded.Encode());
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }, iter: 3000);
    }
}
