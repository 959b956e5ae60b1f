using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Veil.Node.Metrics;
using Veil.Node.Rpc;

namespace Veil.Node.Tests.Rpc;

/// <summary>A real server on 127.0.0.1 with an ephemeral port, test methods and subscriptions, and an HttpClient.</summary>
internal sealed class RpcTestHost : IAsyncDisposable
{
    private RpcTestHost(RpcServer server, MetricsRegistry metrics, TickHub ticks)
    {
        Server = server;
        Metrics = metrics;
        Ticks = ticks;
        Http = new HttpClient { BaseAddress = server.HttpUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public RpcServer Server { get; }

    public MetricsRegistry Metrics { get; }

    public TickHub Ticks { get; }

    public HttpClient Http { get; }

    public static async Task<RpcTestHost> StartAsync(RpcServerOptions? options = null)
    {
        options ??= new RpcServerOptions();
        options = new RpcServerOptions
        {
            Port = 0,
            MaxBodyBytes = options.MaxBodyBytes,
            MaxWebSocketMessageBytes = options.MaxWebSocketMessageBytes,
            MaxResponseBytes = options.MaxResponseBytes,
            MaxBatchSize = options.MaxBatchSize,
            MaxJsonDepth = options.MaxJsonDepth,
            MaxWebSocketConnections = options.MaxWebSocketConnections,
            MaxSubscriptionsPerConnection = options.MaxSubscriptionsPerConnection,
            MaxSendQueueBytes = options.MaxSendQueueBytes,
            SendTimeout = options.SendTimeout,
            ConfigureEndpoints = options.ConfigureEndpoints,
        };
        var metrics = new MetricsRegistry();
        var ticks = new TickHub();
        var server = await RpcServer.StartAsync(options, Methods(), Subscriptions(ticks), metrics);
        return new RpcTestHost(server, metrics, ticks);
    }

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string json, string contentType = "application/json")
        => await PostAsync(Encoding.UTF8.GetBytes(json), contentType);

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(byte[] body, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync("/", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts one call and returns the parsed response object.</summary>
    public async Task<JsonElement> CallAsync(string method, string paramsJson = "[]", string id = "1")
    {
        var (status, body) = await PostAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonDocument.Parse(body).RootElement;
    }

    public Task<RpcTestSocket> ConnectAsync() => RpcTestSocket.ConnectAsync(Server.WebSocketUri);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    private static IEnumerable<RpcMethod> Methods() =>
    [
        new("test_echo", (p, _) => ValueTask.FromResult(RpcResult.FromElement(p.Raw.Clone()))),
        new("test_add", (p, _) => ValueTask.FromResult<RpcResult>(p.GetUInt64(0, "a") + p.GetUInt64(1, "b"))),
        new("test_hexLength", (p, _) => ValueTask.FromResult<RpcResult>((long)p.GetHex(0, "data").Length)),
        new("test_optional", (p, _) => ValueTask.FromResult<RpcResult>(p.GetOptionalString(0, "name") ?? "none")),
        new("test_submit", (p, _) => ValueTask.FromResult(RpcResult.Hex(SHA256.HashData(p.GetHex(0, "extrinsic"))))),
        new("test_invalidTx", (_, _) => throw new RpcException(RpcErrorCodes.InvalidTransaction, "Invalid Transaction", "Transaction has a bad signature")),
        new("test_crash", (_, _) => throw new InvalidOperationException("secret: /home/validator/keys")),
        new("test_badWriter", (_, _) => ValueTask.FromResult(RpcResult.FromWriter(_ => throw new InvalidOperationException("writer bug")))),
        new("test_big", (p, _) => ValueTask.FromResult<RpcResult>(new string('x', (int)p.GetUInt32(0, "length")))),
        new("test_delay", async (p, ct) =>
        {
            await Task.Delay((int)p.GetUInt32(0, "ms"), ct);
            return p.GetUInt32(0, "ms");
        }),
    ];

    private static IEnumerable<RpcSubscription> Subscriptions(TickHub ticks) =>
    [
        // Pushes "first" before the subscribe call is answered: the server must hold it back until after the id.
        new("test_subscribeTicks", "test_unsubscribeTicks", "test_tick", (p, sink, ended) =>
        {
            if (p.GetOptionalBool(0, "refuse") == true) throw RpcException.InvalidParams("Invalid params: refused on request");
            sink.TryNotify("first");
            ticks.Add(sink, ended);
            return ValueTask.CompletedTask;
        }),

        // Shaped like author_submitAndWatchExtrinsic: ready → inBlock → finalized, then the server ends it.
        new("test_watch", "test_unwatch", "test_status", (_, sink, _) =>
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(20);
                sink.TryNotify("ready");
                await Task.Delay(20);
                sink.TryNotify(new System.Text.Json.Nodes.JsonObject { ["inBlock"] = "0x01" });
                await Task.Delay(20);
                sink.TryNotify(new System.Text.Json.Nodes.JsonObject { ["finalized"] = "0x01" });
                sink.Complete();
            });
            return ValueTask.CompletedTask;
        }),

        // An extrinsic found invalid at once: the one status and the end both happen before the id is sent.
        new("test_watchInvalid", "test_unwatchInvalid", "test_status", (_, sink, _) =>
        {
            sink.TryNotify("invalid");
            sink.Complete();
            return ValueTask.CompletedTask;
        }),
    ];
}
