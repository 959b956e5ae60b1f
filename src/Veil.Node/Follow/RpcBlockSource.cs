using System.Text.Json;
using Veil.Chain.Import;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Sdk.Rpc;

namespace Veil.Node.Follow;

/// <summary>
/// Finalized blocks from another node's JSON-RPC: <c>chain_getBlockHash</c> then <c>chain_getBlock</c>
/// (whose Veil justification is the finality proof <c>veil_finalityProof</c> serves), each as one batch
/// per range of blocks, and new heads from <c>chain_subscribeFinalizedHeads</c>. Nothing is trusted.
/// </summary>
public sealed class RpcBlockSource : IFinalizedBlockSource
{
    // A missed or delayed head notification costs at most this much lag.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly VeilRpcClient _rpc;
    private readonly Veil.Sdk.Rpc.RpcSubscription _heads;

    private RpcBlockSource(string url, VeilRpcClient rpc, Veil.Sdk.Rpc.RpcSubscription heads)
    {
        Name = url;
        _rpc = rpc;
        _heads = heads;
    }

    public string Name { get; }

    public static async Task<IFinalizedBlockSource> ConnectAsync(string url, CancellationToken cancellationToken)
    {
        var rpc = await VeilRpcClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            var heads = await rpc.SubscribeAsync("chain_subscribeFinalizedHeads", [], "chain_unsubscribeFinalizedHeads", cancellationToken).ConfigureAwait(false);
            return new RpcBlockSource(url, rpc, heads);
        }
        catch
        {
            await rpc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<Hash256> GetGenesisHashAsync(CancellationToken cancellationToken)
    {
        var result = await _rpc.CallAsync("chain_getBlockHash", [0u], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.String && Hash256.TryParse(result.GetString(), out var hash)
            ? hash
            : throw new InvalidDataException("the upstream node did not answer chain_getBlockHash(0) with a hash");
    }

    public async Task<uint> GetFinalizedNumberAsync(CancellationToken cancellationToken)
        => ChainJsonReader.ParseNumber(await _rpc.CallAsync("chain_getHeader", [], cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<(Block Block, FinalityProof Proof)>> GetBlocksAsync(uint from, int count, CancellationToken cancellationToken)
    {
        var numbers = new object?[count][];
        for (var i = 0; i < count; i++) numbers[i] = [from + (uint)i];
        var hashes = await _rpc.CallBatchAsync("chain_getBlockHash", numbers, cancellationToken).ConfigureAwait(false);
        var found = new List<object?[]>(count);
        foreach (var hash in hashes)
        {
            if (hash.ValueKind != JsonValueKind.String) break;
            found.Add([hash.GetString()]);
        }

        if (found.Count == 0)
        {
            return [];
        }

        var blocks = await _rpc.CallBatchAsync("chain_getBlock", found, cancellationToken).ConfigureAwait(false);
        var result = new List<(Block, FinalityProof)>(blocks.Length);
        foreach (var json in blocks)
        {
            if (json.ValueKind != JsonValueKind.Object) break;
            result.Add(ChainJsonReader.ParseBlock(json));
        }

        return result;
    }

    public async Task WaitForHeadAboveAsync(uint number, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(PollInterval);
        try
        {
            while (ChainJsonReader.ParseNumber(await _heads.NextAsync(poll.Token).ConfigureAwait(false)) <= number)
            {
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval passed: the caller re-reads the head.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the socket ends the head subscription on the server too.
        await _rpc.DisposeAsync().ConfigureAwait(false);
    }
}
