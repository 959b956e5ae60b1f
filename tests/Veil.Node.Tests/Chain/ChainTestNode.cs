using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Veil.Chain.Consensus;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Node.Tests.Rpc;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;

namespace Veil.Node.Tests.Chain;

/// <summary>
/// A whole <see cref="VeilNode"/> in process (RocksDB in a temp directory, DevSeal, RPC on an ephemeral
/// 127.0.0.1 port), reached only through real sockets: HTTP for calls, WebSocket for subscriptions.
/// </summary>
internal sealed class ChainTestNode : IAsyncDisposable
{
    /// <summary>Seals often enough that tests waiting for inclusion take a few tens of ms.</summary>
    public static readonly DevSealOptions Fast = new(TimeSpan.FromMilliseconds(50), false);

    /// <summary>Never seals within a test, so submitted transactions stay in the pool.</summary>
    public static readonly DevSealOptions Never = new(TimeSpan.FromHours(1), false);

    private readonly string _directory;
    private long _nextId;

    private ChainTestNode(VeilNode node, string directory)
    {
        Node = node;
        _directory = directory;
        Http = new HttpClient { BaseAddress = node.Rpc.HttpUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public VeilNode Node { get; }

    public HttpClient Http { get; }

    public SigningContext Context => Node.Chain.SigningContext;

    public Hash256 GenesisHash => Node.Chain.GenesisHash;

    public static async Task<ChainTestNode> StartAsync(DevSealOptions seal, Veil.Chain.Spec.ChainSpec? spec = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "veil-node-tests-" + Guid.NewGuid().ToString("N"));
        var options = new NodeOptions { DataDirectory = directory, RpcPort = 0, Seal = seal, Spec = spec };
        var node = await VeilNode.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        return new ChainTestNode(node, directory);
    }

    public Task<RpcTestSocket> ConnectAsync() => RpcTestSocket.ConnectAsync(Node.Rpc.WebSocketUri);

    /// <summary>Posts one call; returns the whole response object (result or error).</summary>
    public async Task<JsonElement> CallAsync(string method, string paramsJson = "[]")
    {
        var id = Interlocked.Increment(ref _nextId);
        using var content = new StringContent($$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync(new Uri("/", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, json.GetProperty("id").GetInt64());
        return json;
    }

    /// <summary>The call's result; fails the test with the error when there is one.</summary>
    public async Task<JsonElement> ResultAsync(string method, string paramsJson = "[]")
    {
        var response = await CallAsync(method, paramsJson);
        Assert.False(response.TryGetProperty("error", out var error), $"{method} {paramsJson} failed: {error}");
        return response.GetProperty("result");
    }

    /// <summary>The call's error object; fails the test when the call succeeded.</summary>
    public async Task<JsonElement> ErrorAsync(string method, string paramsJson = "[]")
    {
        var response = await CallAsync(method, paramsJson);
        Assert.False(response.TryGetProperty("result", out var result), $"{method} {paramsJson} succeeded: {result}");
        return response.GetProperty("error");
    }

    public Task<JsonElement> SubmitAsync(byte[] extrinsic) => CallAsync("author_submitExtrinsic", $"[\"{Hex.Encode(extrinsic)}\"]");

    /// <summary>An immortal transfer signed for this chain (or for <paramref name="context"/>).</summary>
    public byte[] Transfer(string fromUri, AccountId to, UInt128 amount, uint nonce, SigningContext? context = null)
    {
        using var from = KeyDerivation.FromUri(fromUri);
        return Sign(from, BalancesCall.Transfer(to, amount), nonce, context ?? Context);
    }

    public static byte[] Sign(Ed25519KeyPair from, byte[] call, uint nonce, SigningContext context)
        => ExtrinsicCodec.EncodeSigned(from.PublicKey, call, Era.Immortal, nonce, 0, context, context.GenesisHash, from.Sign);

    public async Task<uint> HeadNumberAsync()
    {
        var header = await ResultAsync("chain_getHeader");
        return ParseNumber(header.GetProperty("number"));
    }

    /// <summary>Polls until the finalized head reaches <paramref name="number"/>.</summary>
    public async Task WaitForHeightAsync(uint number)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await HeadNumberAsync() < number)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Polls veil_transactionStatus until the transaction is in a finalized block; returns that status object.</summary>
    public async Task<JsonElement> WaitFinalizedAsync(Hash256 extrinsic)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var status = await ResultAsync("veil_transactionStatus", $"[\"{extrinsic}\"]");
            if (status.ValueKind == JsonValueKind.Object) return status;
            await Task.Delay(20, timeout.Token);
        }
    }

    public static uint ParseNumber(JsonElement hexNumber)
    {
        var text = hexNumber.GetString()!;
        Assert.StartsWith("0x", text, StringComparison.Ordinal);
        return Convert.ToUInt32(text[2..], 16);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Node.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
