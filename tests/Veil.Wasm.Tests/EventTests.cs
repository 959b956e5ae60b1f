using Veil.Core;
using Veil.Wasm.Tests.Contracts;

namespace Veil.Wasm.Tests;

public class EventTests
{
    private static readonly Hash256 TopicA = new(Enumerable.Repeat((byte)0xAA, 32).ToArray());
    private static readonly Hash256 TopicB = new(Enumerable.Repeat((byte)0xBB, 32).ToArray());

    private static byte[] EventInput(int topicCount, ReadOnlySpan<byte> data, int compactCount = -1)
    {
        var topics = new byte[1 + (32 * topicCount)];
        topics[0] = (byte)((compactCount < 0 ? topicCount : compactCount) << 2);
        for (var i = 0; i < topicCount; i++)
        {
            (i % 2 == 0 ? TopicA : TopicB).CopyTo(topics.AsSpan(1 + (32 * i)));
        }

        return ProbeContract.Input(ProbeContract.Event, [(byte)topics.Length, .. topics, .. data]);
    }

    [Fact]
    public void DepositEvent_PutsTheEventInThePrivateReceipt()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        var outcome = probe.Call(EventInput(2, "hello"u8));

        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.Empty(outcome.Messages);
        var e = Assert.Single(WasmHarness.Receipt(outcome).Events);
        Assert.Equal([TopicA, TopicB], e.Topics);
        Assert.Equal("hello"u8.ToArray(), e.Data);
    }

    [Fact]
    public void Receipt_Encoding_IsGolden()
    {
        var receipt = new WasmReceipt([1, 2], [new WasmEvent([TopicA], [9])]);

        var encoded = receipt.Encode();

        Assert.Equal("0x0801020404" + new string('a', 64) + "0409", Hex.Encode(encoded));
        Assert.True(WasmReceipt.TryDecode(encoded, out var decoded, out _));
        Assert.Equal(receipt.Output, decoded.Output);
        Assert.Equal(receipt.Events[0].Topics, decoded.Events[0].Topics);
    }

    [Fact]
    public void DepositEvent_Traps_WithMoreThanFourTopics()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        var outcome = probe.Call(EventInput(5, "x"u8));

        Assert.Equal("trapped: event has 5 topics; the limit is 4", outcome.Error!.Value.Message);
    }

    [Fact]
    public void DepositEvent_Traps_WhenTopicsAreNotExactlyAScaleVector()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        var outcome = probe.Call(EventInput(1, "x"u8, compactCount: 2));

        Assert.StartsWith("trapped: event topics are not a SCALE Vec<[u8; 32]>", outcome.Error!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DepositEvent_IsNotAllowedInAQuery()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        var query = probe.Query(EventInput(0, "x"u8));

        Assert.Equal("trapped: seal0.deposit_event changes state and is not allowed in a query", query.Error!.Value.Message);
    }

    [Fact]
    public void DebugMessage_ReturnsSuccess()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        Assert.Equal(0u, ProbeContract.ReadU32(probe.Output(ProbeContract.Input(ProbeContract.Debug, "hi"u8))));
    }
}
