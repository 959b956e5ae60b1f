using System.Text.Json;
using System.Threading.Channels;

namespace Veil.Sdk.Rpc;

/// <summary>Notifications of one subscription, in the order the node sent them.</summary>
public sealed class RpcSubscription : IAsyncDisposable
{
    private readonly VeilRpcClient _client;
    private readonly string _unsubscribeMethod;

    internal RpcSubscription(VeilRpcClient client, string id, string unsubscribeMethod)
    {
        _client = client;
        Id = id;
        _unsubscribeMethod = unsubscribeMethod;
    }

    public string Id { get; }

    internal Channel<JsonElement> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The next notification's result, or throws when the connection closes first.</summary>
    public async Task<JsonElement> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new RpcClientException(-1, "the connection to the node closed before the subscription finished");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Forget(Id);
        try
        {
            await _client.CallAsync(_unsubscribeMethod, [Id], CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcClientException)
        {
            // The server may already have ended it (e.g. a finalized extrinsic watch).
        }
    }
}
