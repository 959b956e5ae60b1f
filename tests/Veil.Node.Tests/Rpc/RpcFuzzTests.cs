using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Veil.Node.Tests.Rpc;

public sealed class RpcFuzzTests
{
    // Fragments that make random text look enough like JSON-RPC to reach the validator and the handlers.
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\"jsonrpc\"", "\"2.0\"", "\"method\"", "\"id\"", "\"params\"",
        "\"test_add\"", "\"test_hexLength\"", "\"test_echo\"", "\"test_subscribeTicks\"", "\"test_unwatch\"", "\"rpc_methods\"",
        "\"0x\"", "\"0xzz\"", "\"0x0102\"", "1", "-1", "1e400", "18446744073709551616", "0.5", "true", "false", "null",
        "\"\\u0000\"", "\"\\ud800\"", "\\", " ", "\n",
    ];

    private static readonly Gen<string> JsonLike = Gen.OneOf(
        Gen.String,
        Gen.Int[0, Tokens.Length - 1].Array[0, 60].Select(indexes => string.Concat(indexes.Select(i => Tokens[i]))),
        Gen.Int[0, Tokens.Length - 1].Array[0, 20].Select(indexes =>
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":" + string.Concat(indexes.Select(i => Tokens[i])) + "}"));

    [Fact]
    public async Task Post_NeverFails_WhenBodyIsRandomBytes()
    {
        await using var host = await RpcTestHost.StartAsync();

        await Gen.Byte.Array[0, 512].SampleAsync(async bytes => AssertWellFormed(await host.PostAsync(bytes)), iter: 300, threads: 2);

        Assert.Equal(3, (await host.CallAsync("test_add", "[1,2]")).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task Post_NeverFails_WhenBodyIsRandomJsonLikeText()
    {
        await using var host = await RpcTestHost.StartAsync();

        await JsonLike.SampleAsync(async text => AssertWellFormed(await host.PostAsync(text)), iter: 600, threads: 2);

        Assert.Equal(3, (await host.CallAsync("test_add", "[1,2]")).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task WebSocket_KeepsAnswering_WhenMessagesAreRandom()
    {
        await using var host = await RpcTestHost.StartAsync();
        using var socket = await host.ConnectAsync();
        var probe = 0;

        // One connection, sequentially: after each random message a probe call must still be answered.
        await Gen.Select(JsonLike, Gen.Byte.Array[0, 256], Gen.Bool).SampleAsync(
            async (text, bytes, binary) =>
            {
                if (binary) await socket.SendAsync(bytes, WebSocketMessageType.Binary);
                else await socket.SendAsync(text);
                var id = $"probe{++probe}";
                await socket.SendAsync($$"""{"jsonrpc":"2.0","id":"{{id}}","method":"test_add","params":[1,2]}""");
                JsonElement message;
                do
                {
                    var raw = await socket.ReceiveTextAsync() ?? throw new InvalidOperationException("server closed the connection");
                    message = JsonDocument.Parse(raw).RootElement;
                }
                while (!(message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var got) && got.ValueKind == JsonValueKind.String && got.GetString() == id));

                Assert.Equal(3, message.GetProperty("result").GetInt32());
            },
            iter: 300,
            threads: 1);

        using var fresh = await host.ConnectAsync();
        Assert.Equal(3, (await fresh.CallAsync("test_add", "[1,2]")).GetProperty("result").GetInt32());
    }

    private static void AssertWellFormed((HttpStatusCode Status, string Body) response)
    {
        if (response.Status == HttpStatusCode.NoContent) return;
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var root = JsonDocument.Parse(response.Body).RootElement;
        foreach (var item in root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToArray() : [root])
        {
            Assert.Equal("2.0", item.GetProperty("jsonrpc").GetString());
            if (item.TryGetProperty("error", out var error))
            {
                Assert.DoesNotContain("   at ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
        }
    }
}
