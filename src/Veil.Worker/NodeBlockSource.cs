using System.Text.Json;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Sdk.Rpc;

namespace Veil.Worker;

/// <summary>
/// Reads finalized blocks from a node as the enclave wants them: header, finality proof and delivered
/// messages. The node is untrusted; nothing here is checked beyond shape, the enclave's light client
/// checks everything (a wrong header simply makes the batch refused).
/// </summary>
public sealed class NodeBlockSource
{
    private readonly VeilRpcClient _rpc;

    public NodeBlockSource(VeilRpcClient rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
    }

    public async Task<Hash256?> GetBlockHashAsync(uint number, CancellationToken cancellationToken)
    {
        var result = await _rpc.CallAsync("chain_getBlockHash", [number], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.String ? Hash256.Parse(result.GetString()!) : null;
    }

    /// <summary>The number of the node's finalized head.</summary>
    public async Task<uint> GetFinalizedNumberAsync(CancellationToken cancellationToken)
    {
        var header = await _rpc.CallAsync("chain_getHeader", [], cancellationToken).ConfigureAwait(false);
        return ParseNumber(header);
    }

    /// <summary>Block #<paramref name="number"/> as a bundle, or null when the node has not finalized it yet.</summary>
    /// <exception cref="InvalidDataException">The node answered with something that does not decode.</exception>
    public async Task<FinalizedBlockBundle?> GetBundleAsync(uint number, CancellationToken cancellationToken)
    {
        if (await GetBlockHashAsync(number, cancellationToken).ConfigureAwait(false) is not { } hash)
        {
            return null;
        }

        var text = hash.ToString();
        var headerJson = await _rpc.CallAsync("chain_getHeader", [text], cancellationToken).ConfigureAwait(false);
        var proofJson = await _rpc.CallAsync("veil_finalityProof", [text], cancellationToken).ConfigureAwait(false);
        var messagesJson = await _rpc.CallAsync("veil_blockMessages", [text], cancellationToken).ConfigureAwait(false);
        if (headerJson.ValueKind != JsonValueKind.Object || proofJson.ValueKind != JsonValueKind.String || messagesJson.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var header = ParseHeader(headerJson);
        if (!FinalityProof.TryDecode(Hex.Decode(proofJson.GetString()!), out var proof, out var proofError))
        {
            throw new InvalidDataException($"finality proof of block #{number}: {proofError}");
        }

        return FinalizedBlockBundle.TryFromStored(header, proof, Hex.Decode(messagesJson.GetString()!), out var bundle, out var error)
            ? bundle
            : throw new InvalidDataException(error);
    }

    /// <summary>A header from the node's Substrate-style JSON.</summary>
    public static BlockHeader ParseHeader(JsonElement json) => ChainJsonReader.ParseHeader(json);

    public static uint ParseNumber(JsonElement header) => ChainJsonReader.ParseNumber(header);
}
