using System.Net;
using System.Text;
using System.Text.Json;
using Veil.Node.Rpc;

namespace Veil.Node.Tests.Rpc;

public sealed class RpcServerHttpTests
{
    [Fact]
    public async Task Post_ReturnsResult_WhenCallIsValid()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (status, body) = await host.PostAsync("""{"jsonrpc":"2.0","id":7,"method":"test_add","params":[2,"0x03"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"jsonrpc":"2.0","result":5,"id":7}""", body);
    }

    [Fact]
    public async Task Post_AcceptsNamedParams_WhenParamsIsAnObject()
    {
        await using var host = await RpcTestHost.StartAsync();

        var response = await host.CallAsync("test_add", """{"b":40,"a":2}""", id: "\"x\"");

        Assert.Equal(42, response.GetProperty("result").GetInt64());
        Assert.Equal("x", response.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Post_TreatsMissingParamsAsEmpty_WhenOptionalParamIsAbsent()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (_, body) = await host.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"test_optional"}""");

        Assert.Equal("""{"jsonrpc":"2.0","result":"none","id":1}""", body);
    }

    [Fact]
    public async Task Post_EchoesIdExactly_WhenIdIsLargeNumberOrNull()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (_, big) = await host.PostAsync("""{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"test_optional"}""");
        var (_, nul) = await host.PostAsync("""{"jsonrpc":"2.0","id":null,"method":"test_optional"}""");

        Assert.EndsWith("\"id\":123456789012345678901234567890}", big, StringComparison.Ordinal);
        Assert.EndsWith("\"id\":null}", nul, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AnswersBatchInOrder_WhenMixedWithNotificationsAndErrors()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (status, body) = await host.PostAsync("""
            [
              {"jsonrpc":"2.0","id":1,"method":"test_delay","params":[50]},
              {"jsonrpc":"2.0","method":"test_add","params":[1,1]},
              {"jsonrpc":"2.0","id":2,"method":"nope"},
              {"jsonrpc":"2.0","id":3,"method":"test_add","params":[1,2]},
              5
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var responses = JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray();
        Assert.Equal(4, responses.Length);
        Assert.Equal(50, responses[0].GetProperty("result").GetInt32());
        Assert.Equal(RpcErrorCodes.MethodNotFound, responses[1].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(3, responses[2].GetProperty("result").GetInt32());
        Assert.Equal(RpcErrorCodes.InvalidRequest, responses[3].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, responses[3].GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task Post_ReturnsNoContent_WhenOnlyNotifications()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (single, singleBody) = await host.PostAsync("""{"jsonrpc":"2.0","method":"test_add","params":[1,2]}""");
        var (batch, batchBody) = await host.PostAsync("""[{"jsonrpc":"2.0","method":"test_add","params":[1,2]},{"jsonrpc":"2.0","method":"nope"}]""");

        Assert.Equal(HttpStatusCode.NoContent, single);
        Assert.Equal(HttpStatusCode.NoContent, batch);
        Assert.Empty(singleBody);
        Assert.Empty(batchBody);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":""", RpcErrorCodes.ParseError, "Parse error")]
    [InlineData("""not json""", RpcErrorCodes.ParseError, "Parse error")]
    [InlineData("""42""", RpcErrorCodes.InvalidRequest, "Invalid request: expected a JSON object")]
    [InlineData("""[]""", RpcErrorCodes.InvalidRequest, "Invalid request: empty batch")]
    [InlineData("""{"id":1,"method":"test_add"}""", RpcErrorCodes.InvalidRequest, "Invalid request: 'jsonrpc' must be \"2.0\"")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"test_add"}""", RpcErrorCodes.InvalidRequest, "Invalid request: 'jsonrpc' must be \"2.0\"")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", RpcErrorCodes.InvalidRequest, "Invalid request: 'method' must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":5}""", RpcErrorCodes.InvalidRequest, "Invalid request: 'method' must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"test_add"}""", RpcErrorCodes.InvalidRequest, "Invalid request: 'id' must be a string, a number or null")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"nope"}""", RpcErrorCodes.MethodNotFound, "Method not found: 'nope'")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_add","params":"1,2"}""", RpcErrorCodes.InvalidParams, "Invalid params: 'params' must be an array or an object")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_add","params":["two",2]}""", RpcErrorCodes.InvalidParams, "Invalid params: 'a' (param 0) must be a non-negative integer or a 0x-hex string of at most 16 digits")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_add","params":[-1,2]}""", RpcErrorCodes.InvalidParams, "Invalid params: 'a' (param 0) must be a non-negative integer, not a number")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_add","params":[1]}""", RpcErrorCodes.InvalidParams, "Invalid params: 'b' (param 1) is required")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_add","params":{"a":1,"c":2}}""", RpcErrorCodes.InvalidParams, "Invalid params: 'b' (param 1) is required")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_hexLength","params":["0xabc"]}""", RpcErrorCodes.InvalidParams, "Invalid params: 'data' (param 0) has an odd number of hex digits")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_hexLength","params":["abcd"]}""", RpcErrorCodes.InvalidParams, "Invalid params: 'data' (param 0) must be a 0x-prefixed hex string")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_hexLength","params":["0xzz"]}""", RpcErrorCodes.InvalidParams, "Invalid params: 'data' (param 0) contains a character that is not a hex digit")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_hexLength","params":[[1]]}""", RpcErrorCodes.InvalidParams, "Invalid params: 'data' (param 0) must be a 0x-prefixed hex string, not an array")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_crash"}""", RpcErrorCodes.InternalError, "Internal error")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_badWriter"}""", RpcErrorCodes.InternalError, "Internal error")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_invalidTx"}""", RpcErrorCodes.InvalidTransaction, "Invalid Transaction")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_subscribeTicks"}""", RpcErrorCodes.MethodNotFound, "Method 'test_subscribeTicks' is a subscription and needs a WebSocket connection (ws://), not HTTP")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"test_unsubscribeTicks","params":["abc"]}""", RpcErrorCodes.MethodNotFound, "Method 'test_unsubscribeTicks' is a subscription and needs a WebSocket connection (ws://), not HTTP")]
    public async Task Post_ReturnsError_WhenRequestIsBad(string request, int code, string message)
    {
        await using var host = await RpcTestHost.StartAsync();

        var (status, body) = await host.PostAsync(request);

        Assert.Equal(HttpStatusCode.OK, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_HidesExceptionDetails_WhenHandlerCrashes()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (_, body) = await host.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"test_crash"}""");

        Assert.Equal("""{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":1}""", body);
    }

    [Fact]
    public async Task Post_IncludesErrorData_WhenHandlerThrowsRpcExceptionWithData()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (_, body) = await host.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"test_invalidTx"}""");

        Assert.Equal("""{"jsonrpc":"2.0","error":{"code":1010,"message":"Invalid Transaction","data":"Transaction has a bad signature"},"id":1}""", body);
    }

    [Fact]
    public async Task Post_ReturnsParseError_WhenNestingIsTooDeep()
    {
        await using var host = await RpcTestHost.StartAsync();
        var deep = new string('[', 65) + new string(']', 65);
        var fine = new string('[', 60) + new string(']', 60);

        var (_, tooDeep) = await host.PostAsync($$"""{"jsonrpc":"2.0","id":1,"method":"test_echo","params":{{deep}}}""");
        var (_, ok) = await host.PostAsync($$"""{"jsonrpc":"2.0","id":1,"method":"test_echo","params":{{fine}}}""");

        var error = JsonDocument.Parse(tooDeep).RootElement.GetProperty("error");
        Assert.Equal(RpcErrorCodes.ParseError, error.GetProperty("code").GetInt32());
        Assert.Contains("depth", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"result\":[[[", ok, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Returns413_WhenBodyExceedsDefaultLimit()
    {
        await using var host = await RpcTestHost.StartAsync();
        var huge = new byte[(16 * 1024 * 1024) + 1];
        huge.AsSpan().Fill((byte)' ');

        var (status, body) = await host.PostAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(RpcErrorCodes.OversizedRequest, error.GetProperty("code").GetInt32());
        Assert.Equal("Request is too big: 16777217 bytes exceeds the limit of 16777216 bytes", error.GetProperty("message").GetString());
        Assert.Equal(3, (await host.CallAsync("test_add", "[1,2]")).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task Post_Returns413_WhenChunkedBodyExceedsLimit()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions { MaxBodyBytes = 1024 });
        // 4 KiB: over the limit, yet small enough to sit in the socket buffers, so the client has finished
        // sending when the server answers and closes (with 64 KiB, a loaded machine sometimes saw the close
        // as a broken pipe before it could read the 413).
        using var content = new StreamContent(new MemoryStream(new byte[4 * 1024]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("-32007", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, (await host.CallAsync("test_add", "[1,2]")).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task Post_ReturnsBatchTooLarge_WhenBatchExceedsLimit()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions { MaxBatchSize = 3 });
        var call = """{"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2]}""";

        var (_, body) = await host.PostAsync($"[{call},{call},{call},{call}]");

        Assert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32010,"message":"Batch too large: 4 requests exceeds the limit of 3"},"id":null}""",
            body);
    }

    [Fact]
    public async Task Post_ReturnsOversizedResponse_WhenResultExceedsLimit()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions { MaxResponseBytes = 1000 });

        var small = await host.CallAsync("test_big", "[10]");
        var big = await host.CallAsync("test_big", "[2000]", id: "9");

        Assert.Equal("xxxxxxxxxx", small.GetProperty("result").GetString());
        Assert.Equal(RpcErrorCodes.OversizedResponse, big.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(9, big.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Post_AnswersEveryCall_WhenBatchHoldsTenThousandCalls()
    {
        await using var host = await RpcTestHost.StartAsync();
        var batch = new StringBuilder("[");
        for (var i = 0; i < 10_000; i++)
        {
            if (i > 0) batch.Append(',');
            batch.Append($$"""{"jsonrpc":"2.0","id":{{i}},"method":"test_submit","params":["0x{{i:x8}}"]}""");
        }

        var (status, body) = await host.PostAsync(batch.Append(']').ToString());

        Assert.Equal(HttpStatusCode.OK, status);
        var responses = JsonDocument.Parse(body).RootElement;
        Assert.Equal(10_000, responses.GetArrayLength());
        Assert.Equal(9_999, responses[9_999].GetProperty("id").GetInt32());
        Assert.Equal(66, responses[9_999].GetProperty("result").GetString()!.Length);
    }

    [Fact]
    public async Task Post_Returns415_WhenContentTypeIsNotJson()
    {
        await using var host = await RpcTestHost.StartAsync();

        var (status, _) = await host.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"rpc_methods"}""", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
    }

    [Fact]
    public async Task Get_Returns405_WhenNotAWebSocketUpgrade()
    {
        await using var host = await RpcTestHost.StartAsync();

        using var response = await host.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task RpcMethods_ListsEveryMethodSorted_WhenCalled()
    {
        await using var host = await RpcTestHost.StartAsync();

        var result = (await host.CallAsync("rpc_methods")).GetProperty("result");

        var names = result.GetProperty("methods").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("rpc_methods", names);
        Assert.Contains("test_add", names);
        Assert.Contains("test_subscribeTicks", names);
        Assert.Contains("test_unwatch", names);
    }

    [Fact]
    public async Task Metrics_CountsCallsAndErrorsPerMethod_WhenScraped()
    {
        await using var host = await RpcTestHost.StartAsync();
        await host.CallAsync("test_add", "[1,2]");
        await host.CallAsync("test_add", "[1]");
        await host.PostAsync("garbage");

        using var response = await host.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("veil_rpc_calls_total{method=\"test_add\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("veil_rpc_errors_total{method=\"test_add\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("veil_rpc_invalid_requests_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("veil_rpc_http_requests_total 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigureEndpoints_MapsExtraRoutes_OnTheSamePort()
    {
        await using var host = await RpcTestHost.StartAsync(new RpcServerOptions
        {
            ConfigureEndpoints = app => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/health", () => "ok"),
        });

        var text = await host.Http.GetStringAsync("/health");

        Assert.Equal("ok", text);
    }

    [Fact]
    public async Task Post_AnswersAll_WhenManyClientsCallConcurrently()
    {
        await using var host = await RpcTestHost.StartAsync();

        var clients = Enumerable.Range(0, 16).Select(async client =>
        {
            for (var i = 0; i < 50; i++)
            {
                var response = await host.CallAsync("test_add", $"[{client},{i}]", id: $"{(client * 1000) + i}");
                Assert.Equal(client + i, response.GetProperty("result").GetInt32());
                Assert.Equal((client * 1000) + i, response.GetProperty("id").GetInt32());
            }
        });

        await Task.WhenAll(clients);
    }
}
