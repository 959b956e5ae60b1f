using System.Text.Json;
using Veil.Node.Rpc;
using Veil.Sdk.Rpc;

namespace Veil.Node.Follow;

/// <summary>
/// A full node's connection to the node it follows, for what only a block author can answer: submitted
/// extrinsics are forwarded to it (<c>author_submitExtrinsic</c>), and so are next-nonce queries, whose
/// answer depends on its pool. Connects lazily and reconnects after a transport failure.
/// </summary>
public sealed class UpstreamNode : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private VeilRpcClient? _client;

    public UpstreamNode(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        Url = url;
    }

    public string Url { get; }

    /// <summary>Calls <paramref name="method"/> upstream; its errors come back as the same JSON-RPC errors.</summary>
    public async Task<JsonElement> CallAsync(string method, object?[] parameters, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await client.CallAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcClientException ex) when (ex.Code == -1)
        {
            await DropAsync(client).ConfigureAwait(false);
            throw Unreachable(ex);
        }
        catch (RpcClientException ex)
        {
            // The upstream's own answer (e.g. 1010 Invalid Transaction: bad signature): pass it on unchanged.
            throw new RpcException(ex.Code, ex.Message, $"answered by the upstream node {Url}");
        }
    }

    /// <summary>Calls <paramref name="method"/> once per parameter set in one JSON-RPC batch; the first error is thrown as by <see cref="CallAsync"/>.</summary>
    public async Task<JsonElement[]> CallBatchAsync(string method, IReadOnlyList<object?[]> parameterSets, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await client.CallBatchAsync(method, parameterSets, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcClientException ex) when (ex.Code == -1)
        {
            await DropAsync(client).ConfigureAwait(false);
            throw Unreachable(ex);
        }
        catch (RpcClientException ex)
        {
            throw new RpcException(ex.Code, ex.Message, $"answered by the upstream node {Url}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        _connecting.Dispose();
    }

    private async Task<VeilRpcClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } existing)
        {
            return existing;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is null)
            {
                try
                {
                    _client = await VeilRpcClient.ConnectAsync(Url, cancellationToken).ConfigureAwait(false);
                }
                catch (RpcClientException ex)
                {
                    throw Unreachable(ex);
                }
            }

            return _client;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task DropAsync(VeilRpcClient client)
    {
        if (Interlocked.CompareExchange(ref _client, null, client) == client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RpcException Unreachable(RpcClientException ex)
        => new(RpcErrorCodes.ServerBusy, "Upstream node unavailable", $"this is a full node; it forwards transactions to {Url}, which is not reachable ({ex.Message}); retry later or submit there");
}
