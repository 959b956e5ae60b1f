using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Veil.Node.Rpc;

namespace Veil.Node.Tests.Rpc;

public sealed class RpcServerWebSocketTests
{
    [Fact]
    public async Task WebSocket_ReturnsResult_WhenCallIsValid()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        var response = await socket.CallAsync("test_add", "[20,22]");

        Assert.Equal(42, response.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task WebSocket_AnswersBatchAndErrors_OnOneConnection()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        await socket.SendAsync("""[{"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2]},{"jsonrpc":"2.0","id":2,"method":"nope"}]""");
        var batch = await socket.ReceiveAsync();
        await socket.SendAsync("{broken");
        var parse = await socket.ReceiveAsync();

        Assert.Equal(3, batch[0].GetProperty("result").GetInt32());
        Assert.Equal(RpcErrorCodes.MethodNotFound, batch[1].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(RpcErrorCodes.ParseError, parse.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(3, (await socket.CallAsync("test_add", "[1,2]", id: "3")).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task WebSocket_AcceptsBinaryFrames_AsJson()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2]}"""), WebSocketMessageType.Binary);

        Assert.Equal(3, (await socket.ReceiveAsync()).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task WebSocket_AnswersOutOfOrder_WhenEarlierCallIsSlow()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        await socket.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"test_delay","params":[500]}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"test_add","params":[1,2]}""");
        var first = await socket.ReceiveAsync();
        var second = await socket.ReceiveAsync();

        Assert.Equal(2, first.GetProperty("id").GetInt32());
        Assert.Equal(1, second.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Subscribe_DeliversNotificationsAfterTheId_ThenUnsubscribeStopsThem()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        var subscribed = await socket.CallAsync("test_subscribeTicks");
        var id = subscribed.GetProperty("result").GetString()!;
        var first = await socket.ReceiveAsync();
        Assert.Equal(1, host.Ticks.Broadcast(2L));
        var second = await socket.ReceiveAsync();
        var unsubscribed = await socket.CallAsync("test_unsubscribeTicks", $"[\"{id}\"]", id: "2");
        var again = await socket.CallAsync("test_unsubscribeTicks", $"[\"{id}\"]", id: "3");

        Assert.Equal(16, id.Length);
        Assert.Equal(
            $$$"""{"jsonrpc":"2.0","method":"test_tick","params":{"subscription":"{{{id}}}","result":"first"}}""",
            first.GetRawText());
        Assert.Equal(2, second.GetProperty("params").GetProperty("result").GetInt32());
        Assert.True(unsubscribed.GetProperty("result").GetBoolean());
        Assert.False(again.GetProperty("result").GetBoolean());
        Assert.Equal(0, host.Ticks.Count);
        Assert.Equal(0, host.Ticks.Broadcast(3L));
    }

    [Fact]
    public async Task Subscribe_EndsTheSubscription_WhenServerCompletesIt()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        var id = (await socket.CallAsync("test_watch")).GetProperty("result").GetString()!;
        var ready = await socket.ReceiveAsync();
        var inBlock = await socket.ReceiveAsync();
        var finalized = await socket.ReceiveAsync();
        await Task.Delay(50);
        var unwatched = await socket.CallAsync("test_unwatch", $"[\"{id}\"]", id: "2");

        Assert.Equal("test_status", ready.GetProperty("method").GetString());
        Assert.Equal("ready", ready.GetProperty("params").GetProperty("result").GetString());
        Assert.Equal("0x01", inBlock.GetProperty("params").GetProperty("result").GetProperty("inBlock").GetString());
        Assert.Equal(id, finalized.GetProperty("params").GetProperty("subscription").GetString());
        Assert.Equal("0x01", finalized.GetProperty("params").GetProperty("result").GetProperty("finalized").GetString());
        Assert.False(unwatched.GetProperty("result").GetBoolean());
    }

    [Fact]
    public async Task Subscribe_DeliversHeldNotifications_WhenCompletedBeforeTheIdWasSent()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        var id = (await socket.CallAsync("test_watchInvalid")).GetProperty("result").GetString()!;
        var invalid = await socket.ReceiveAsync();
        var unwatched = await socket.CallAsync("test_unwatchInvalid", $"[\"{id}\"]", id: "2");

        Assert.Equal(id, invalid.GetProperty("params").GetProperty("subscription").GetString());
        Assert.Equal("invalid", invalid.GetProperty("params").GetProperty("result").GetString());
        Assert.False(unwatched.GetProperty("result").GetBoolean());
        Assert.Contains("veil_rpc_subscriptions 0\n", host.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_ReturnsError_WhenStartRefuses()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        var response = await socket.CallAsync("test_subscribeTicks", "[true]");

        Assert.Equal(RpcErrorCodes.InvalidParams, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(0, host.Ticks.Count);
    }

    [Fact]
    public async Task Unsubscribe_ReturnsFalse_WhenIdBelongsToAnotherSubscriptionKind()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();

        var id = (await socket.CallAsync("test_subscribeTicks")).GetProperty("result").GetString()!;
        var wrongKind = await socket.CallAsync("test_unwatch", $"[\"{id}\"]", id: "2");

        Assert.False(wrongKind.GetProperty("result").GetBoolean());
        Assert.Equal(1, host.Ticks.Count);
    }

    [Fact]
    public async Task Subscribe_EndsEverySubscription_WhenSocketCloses()
    {
        await using var host = await RpcTestHost.StartAsync();
        var socket = await host.ConnectAsync();
        await socket.CallAsync("test_subscribeTicks", id: "1");
        await socket.CallAsync("test_subscribeTicks", id: "2");
        Assert.Equal(2, host.Ticks.Count);

        await socket.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        socket.Dispose();

        await host.Ticks.WaitForCountAsync(0);
    }

    [Fact]
    public async Task Subscribe_ReturnsTooManySubscriptions_WhenConnectionIsAtItsLimit()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions { MaxSubscriptionsPerConnection = 2 });
        using var socket = await host.ConnectAsync();

        await socket.CallAsync("test_subscribeTicks", id: "1");
        await socket.CallAsync("test_subscribeTicks", id: "2");
        var third = await socket.CallAsync("test_subscribeTicks", id: "3");

        Assert.Equal(RpcErrorCodes.TooManySubscriptions, third.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task WebSocket_ClosesWith1009_WhenMessageExceedsLimit()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions { MaxWebSocketMessageBytes = 4096 });
        using var socket = await host.ConnectAsync();

        await socket.SendAsync(new byte[8192], WebSocketMessageType.Text);
        var message = await socket.ReceiveTextAsync();

        Assert.Null(message);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.Socket.CloseStatus);
        Assert.Equal("message exceeds 4096 bytes", socket.Socket.CloseStatusDescription);
        using var other = await host.ConnectAsync();
        Assert.Equal(3, (await other.CallAsync("test_add", "[1,2]")).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task WebSocket_DropsSlowReader_WithoutBlockingOtherClients()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions { MaxSendQueueBytes = 256 * 1024 });
        using var slow = await host.ConnectAsync();
        using var fast = await host.ConnectAsync();
        await slow.CallAsync("test_subscribeTicks");
        await slow.ReceiveAsync();
        var payload = RpcResult.Raw(Encoding.UTF8.GetBytes("\"" + new string('x', 64 * 1024) + "\""));

        // The slow client never reads again; the kernel's socket buffers absorb some megabytes first.
        var accepted = 0;
        for (var i = 0; i < 4000 && host.Ticks.Broadcast(payload) == 1; i++) accepted++;
        var response = await fast.CallAsync("test_add", "[1,2]");

        Assert.True(accepted < 4000, "the slow client was never dropped");
        Assert.Equal(3, response.GetProperty("result").GetInt32());
        await host.Ticks.WaitForCountAsync(0);
        Assert.Contains("veil_rpc_ws_dropped_total 1\n", host.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocket_Returns503_WhenConnectionLimitIsReached()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions { MaxWebSocketConnections = 1 });
        using var first = await host.ConnectAsync();
        await first.CallAsync("test_add", "[1,2]");

        using var second = new ClientWebSocket();
        second.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(host.Server.WebSocketUri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.HttpStatusCode);
    }

    [Fact]
    public async Task WebSocket_AnswersAll_WhenManyClientsCallAndSubscribeConcurrently()
    {
        await using var host = await RpcTestHost.StartAsync();

        var clients = Enumerable.Range(0, 20).Select(async client =>
        {
            using var socket = await host.ConnectAsync();
            var batch = new StringBuilder("[");
            for (var i = 0; i < 100; i++)
            {
                if (i > 0) batch.Append(',');
                batch.Append($$"""{"jsonrpc":"2.0","id":{{i}},"method":"test_add","params":[{{client}},{{i}}]}""");
            }

            await socket.SendAsync(batch.Append(']').ToString());
            for (var i = 0; i < 20; i++) await socket.SendAsync($$"""{"jsonrpc":"2.0","id":"s{{i}}","method":"test_add","params":[{{i}},1]}""");
            var seen = new HashSet<string>();
            while (seen.Count < 21)
            {
                var message = await socket.ReceiveAsync();
                if (message.ValueKind == JsonValueKind.Array)
                {
                    Assert.Equal(100, message.GetArrayLength());
                    foreach (var item in message.EnumerateArray())
                    {
                        Assert.Equal(client + item.GetProperty("id").GetInt32(), item.GetProperty("result").GetInt32());
                    }

                    seen.Add("batch");
                }
                else
                {
                    var id = message.GetProperty("id").GetString()!;
                    Assert.Equal(int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) + 1, message.GetProperty("result").GetInt32());
                    seen.Add(id);
                }
            }
        });

        await Task.WhenAll(clients);
    }

    [Fact]
    public async Task StopAsync_ClosesWebSocketsWith1001_AndEndsSubscriptions()
    {
        var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();
        await socket.CallAsync("test_subscribeTicks");

        var stopping = host.Server.StopAsync();
        string? message;
        do message = await socket.ReceiveTextAsync();
        while (message is not null);
        await stopping;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);
        Assert.Equal(0, host.Ticks.Count);
        await host.DisposeAsync();
    }
}
