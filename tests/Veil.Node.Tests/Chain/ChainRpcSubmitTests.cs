using System.Text.Json;
using CsCheck;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Protocol.Transactions;

namespace Veil.Node.Tests.Chain;

/// <summary>
/// Submitting to a real node: subscriptions over WebSocket, and every way a submission can be wrong,
/// each answered with Substrate's error code and a message naming the problem, after which the node
/// still seals blocks.
/// </summary>
public sealed class ChainRpcSubmitTests
{
    private static readonly int[] SubmitErrorCodes = [-32602, 1001, 1010, 1013, 1016];

    [Theory]
    [InlineData("chain_subscribeNewHeads", "chain_newHead", "chain_unsubscribeNewHeads")]
    [InlineData("chain_subscribeFinalizedHeads", "chain_finalizedHead", "chain_unsubscribeFinalizedHeads")]
    public async Task SubscribeHeads_DeliversTheHeadThenConsecutiveHeads(string subscribe, string notification, string unsubscribe)
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        using var socket = await node.ConnectAsync();
        var early = new List<JsonElement>();

        var id = (await socket.CallAsync(subscribe, notifications: early)).GetProperty("result").ToString();

        Assert.Empty(early);
        var headers = new List<JsonElement>();
        while (headers.Count < 5)
        {
            var message = await socket.ReceiveAsync();
            Assert.Equal(notification, message.GetProperty("method").GetString());
            Assert.Equal(id, message.GetProperty("params").GetProperty("subscription").ToString());
            headers.Add(message.GetProperty("params").GetProperty("result"));
        }

        for (var i = 1; i < headers.Count; i++)
        {
            Assert.Equal(ChainTestNode.ParseNumber(headers[i - 1].GetProperty("number")) + 1, ChainTestNode.ParseNumber(headers[i].GetProperty("number")));
            Assert.Equal(headers[i - 1].GetProperty("hash").GetString(), headers[i].GetProperty("parentHash").GetString());
        }

        // The notified header is the one chain_getHeader serves for that hash.
        var last = headers[^1];
        var served = await node.ResultAsync("chain_getHeader", $"[\"{last.GetProperty("hash").GetString()}\"]");
        Assert.Equal(last.GetRawText(), served.GetRawText());

        var unsubscribed = await socket.CallAsync(unsubscribe, $"[\"{id}\"]", id: "2");
        Assert.True(unsubscribed.GetProperty("result").GetBoolean());
    }

    [Fact]
    public async Task SubmitAndWatch_DeliversReadyThenInBlockThenFinalized_InTheBlockThatHoldsIt()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        using var socket = await node.ConnectAsync();
        var transfer = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 0);

        var id = (await socket.CallAsync("author_submitAndWatchExtrinsic", $"[\"{Hex.Encode(transfer)}\"]")).GetProperty("result").ToString();

        var updates = new List<JsonElement>();
        while (updates.Count < 3)
        {
            var message = await socket.ReceiveAsync();
            Assert.Equal("author_extrinsicUpdate", message.GetProperty("method").GetString());
            Assert.Equal(id, message.GetProperty("params").GetProperty("subscription").ToString());
            updates.Add(message.GetProperty("params").GetProperty("result"));
        }

        Assert.Equal("ready", updates[0].GetString());
        var inBlock = updates[1].GetProperty("inBlock").GetString();
        Assert.Equal(inBlock, updates[2].GetProperty("finalized").GetString());
        var block = await node.ResultAsync("chain_getBlock", $"[\"{inBlock}\"]");
        Assert.Contains(Hex.Encode(transfer), block.GetProperty("block").GetProperty("extrinsics").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task SubmitAndWatch_AnswersWithAnError_WhenTheExtrinsicIsInvalid()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        using var socket = await node.ConnectAsync();
        var forged = WithFlippedSignatureBit(node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 0));

        var response = await socket.CallAsync("author_submitAndWatchExtrinsic", $"[\"{Hex.Encode(forged)}\"]");

        AssertError(response.GetProperty("error"), 1010, "bad signature");

        // The connection stays usable, and the valid one can still be watched.
        var valid = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 0);
        Assert.Equal(JsonValueKind.String, (await socket.CallAsync("author_submitAndWatchExtrinsic", $"[\"{Hex.Encode(valid)}\"]", id: "2")).GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task SubmitExtrinsic_NamesTheProblemWithSubstrateCodes_AndTheNodeKeepsSealing()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        var first = await ChainRpcTests.TransferAsync(node, node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 0));

        // Not hex at all: invalid params, before anything is decoded.
        foreach (var bad in new[] { "[\"0xzz\"]", "[\"1234\"]", "[\"0x123\"]", "[42]", "[]", "[null]" })
        {
            AssertError(await node.ErrorAsync("author_submitExtrinsic", bad), -32602, "'extrinsic'");
        }

        AssertError(await node.ErrorAsync("author_submitExtrinsic", "[\"0x00\", 1]"), -32602, "at most 1");

        // Hex, but not an extrinsic.
        AssertError((await node.SubmitAsync([0x01, 0x02])).GetProperty("error"), 1001, string.Empty);
        AssertError((await node.SubmitAsync([])).GetProperty("error"), 1001, string.Empty);
        using var aliceKey = KeyDerivation.FromUri("//Alice");
        var unknownCall = ChainTestNode.Sign(aliceKey, [9, 9], 1, node.Context);
        AssertError((await node.SubmitAsync(unknownCall)).GetProperty("error"), 1001, "unknown call");

        // Well-formed but invalid.
        var forged = WithFlippedSignatureBit(node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 1));
        AssertError((await node.SubmitAsync(forged)).GetProperty("error"), 1010, "bad signature");
        var stale = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil * 2, 0);
        AssertError((await node.SubmitAsync(stale)).GetProperty("error"), 1010, "stale nonce");
        var tooFar = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 1_000_000);
        AssertError((await node.SubmitAsync(tooFar)).GetProperty("error"), 1010, "future nonce");
        var broke = node.Transfer("//NobodyFundedThis", DevAccounts.Bob, ChainParameters.OneVeil, 0);
        AssertError((await node.SubmitAsync(broke)).GetProperty("error"), 1010, "insufficient balance");
        var otherChain = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 1, node.Context with { GenesisHash = new Hash256(new byte[32]) });
        AssertError((await node.SubmitAsync(otherChain)).GetProperty("error"), 1010, "bad signature");
        var otherVersion = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 1, node.Context with { SpecVersion = node.Context.SpecVersion + 1 });
        AssertError((await node.SubmitAsync(otherVersion)).GetProperty("error"), 1010, "bad signature");

        // A future nonce waits in the pool, so the same bytes again are a duplicate.
        var waiting = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 10);
        Assert.Equal(JsonValueKind.String, (await node.SubmitAsync(waiting)).GetProperty("result").ValueKind);
        AssertError((await node.SubmitAsync(waiting)).GetProperty("error"), 1013, string.Empty);
        var sameNonce = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil * 5, 10);
        AssertError((await node.SubmitAsync(sameNonce)).GetProperty("error"), 1013, "nonce 10");

        // None of it reached a block, and the chain goes on.
        var alice = await node.ResultAsync("veil_accountInfo", $"[\"{DevAccounts.Alice.ToSs58()}\"]");
        Assert.Equal(1, alice.GetProperty("nonce").GetInt32());
        var next = await ChainRpcTests.TransferAsync(node, node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 1));
        Assert.True(next.GetProperty("number").GetUInt32() > first.GetProperty("number").GetUInt32());
    }

    [Fact]
    public async Task SubmitExtrinsic_AnswersEveryRandomOrMutatedSubmission_AndTheNodeKeepsSealing()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        var valid = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 7);
        var mutated = Gen.Select(Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte[1, 255]).Array[1, 4], Gen.Int[-8, 8])
            .Select((flips, resize) => Mutate(valid, flips, resize));
        var blobs = Gen.OneOf(mutated, Gen.Byte.Array[0, 300]).Select(bytes => Hex.Encode(bytes));
        var text = Gen.Char["0123456789abcdefABxXz\" \\"].Array[0, 80].Select(chars => new string(chars));
        var accepted = 0;

        await Gen.OneOf(blobs, blobs, text).SampleAsync(
            async param =>
            {
                var response = await node.CallAsync("author_submitExtrinsic", JsonSerializer.Serialize(new[] { param }));
                if (response.TryGetProperty("result", out var result))
                {
                    Assert.Equal(Veil.Core.Hashing.Blake2b.Hash256(Hex.Decode(param)).ToString(), result.GetString());
                    Interlocked.Increment(ref accepted);
                    return;
                }

                var error = response.GetProperty("error");
                Assert.Contains(error.GetProperty("code").GetInt32(), SubmitErrorCodes);
                Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            },
            iter: 600,
            threads: 2);

        // Only the unmutated transfer (if the generator produced it) can be admitted; it waits on nonce 7.
        Assert.True(accepted <= 1, $"{accepted} random or mutated extrinsics were admitted");
        var height = await node.HeadNumberAsync();
        await ChainRpcTests.TransferAsync(node, node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 0));
        Assert.True(await node.HeadNumberAsync() > height);
    }

    private static void AssertError(JsonElement error, int code, string fragment)
    {
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        var text = error.GetProperty("message").GetString() + " " + (error.TryGetProperty("data", out var data) ? data.ToString() : string.Empty);
        Assert.Contains(fragment, text, StringComparison.Ordinal);
    }

    /// <summary>The same extrinsic with one bit of its Ed25519 signature flipped (the 64 bytes just before the era).</summary>
    private static byte[] WithFlippedSignatureBit(byte[] extrinsic)
    {
        Assert.True(ExtrinsicCodec.TryDecode(extrinsic, out var decoded, out var error), error);
        var forged = (byte[])extrinsic.Clone();
        forged[decoded.ExtraOffset - 64] ^= 0x01;
        return forged;
    }

    private static byte[] Mutate(byte[] valid, (int Index, byte Xor)[] flips, int resize)
    {
        var bytes = new byte[Math.Max(0, valid.Length + resize)];
        Array.Copy(valid, bytes, Math.Min(valid.Length, bytes.Length));
        foreach (var (index, xor) in flips)
        {
            if (index < bytes.Length) bytes[index] ^= xor;
        }

        return bytes;
    }
}
