using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Veil.Node.Tests.Rpc;

/// <summary>A ClientWebSocket that sends text and reads whole messages as JSON, with a timeout on every read.</summary>
internal sealed class RpcTestSocket : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    private RpcTestSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<RpcTestSocket> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new RpcTestSocket(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await Socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next whole message, or null when the server closed the connection.</summary>
    public async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = await Socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    public async Task<JsonElement> ReceiveAsync()
    {
        var text = await ReceiveTextAsync() ?? throw new InvalidOperationException($"Server closed: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Reads until the response with <paramref name="id"/>, collecting notifications seen on the way.</summary>
    public async Task<JsonElement> ReceiveResponseAsync(string id, List<JsonElement>? notifications = null)
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var found) && found.ToString() == id) return message;
            notifications?.Add(message);
        }
    }

    public async Task<JsonElement> CallAsync(string method, string paramsJson = "[]", string id = "1", List<JsonElement>? notifications = null)
    {
        await SendAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""");
        return await ReceiveResponseAsync(id.Trim('"'), notifications);
    }

    public void Dispose() => Socket.Dispose();
}
