using System.Globalization;
using System.Text.Json;
using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Sdk.Rpc;

/// <summary>
/// Reads a node's Substrate-style JSON (headers, blocks with justifications) back into protocol types.
/// The node is untrusted: this checks shape only, and throws <see cref="InvalidDataException"/> on
/// anything that does not parse. Whoever uses the result verifies it (header hash against the finality
/// proof, roots by re-execution).
/// </summary>
public static class ChainJsonReader
{
    /// <summary>The consensus engine id under which a block's justification carries Veil's finality proof.</summary>
    public static readonly string VeilEngineId = Hex.Encode("VEIL"u8);

    /// <summary>A header from <c>chain_getHeader</c> or <c>chain_getBlock</c>'s <c>block.header</c>.</summary>
    public static BlockHeader ParseHeader(JsonElement json)
    {
        try
        {
            var author = json.GetProperty("author").GetString();
            if (!Ss58.TryDecode(author, out var authorAccount, out _, out var error))
            {
                throw new InvalidDataException($"header author '{author}': {error}");
            }

            return new BlockHeader(
                ParseHash(json, "parentHash"),
                ParseNumber(json),
                ParseHash(json, "stateRoot"),
                ParseHash(json, "extrinsicsRoot"),
                ParseHash(json, "messagesRoot"),
                json.GetProperty("timestamp").GetUInt64(),
                authorAccount);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"malformed header JSON: {ex.Message}");
        }
    }

    /// <summary>The 0x-hex <c>number</c> of a header.</summary>
    public static uint ParseNumber(JsonElement header)
    {
        var text = header.ValueKind == JsonValueKind.Object && header.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return text is not null && text.StartsWith("0x", StringComparison.Ordinal)
            && uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidDataException($"header number '{text}' is not 0x-hex");
    }

    /// <summary>
    /// A <c>chain_getBlock</c> answer as a block and its finality proof (the Veil justification; an
    /// empty proof when the node sent none, which no importer accepts past genesis).
    /// </summary>
    public static (Block Block, FinalityProof Proof) ParseBlock(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("block", out var body) || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("header", out var headerJson) || !body.TryGetProperty("extrinsics", out var extrinsicsJson)
            || extrinsicsJson.ValueKind != JsonValueKind.Array || extrinsicsJson.GetArrayLength() > Block.MaxExtrinsics)
        {
            throw new InvalidDataException("malformed block JSON: expected {block: {header, extrinsics: [...]}, justifications}");
        }

        var header = ParseHeader(headerJson);
        var extrinsics = new List<byte[]>(extrinsicsJson.GetArrayLength());
        foreach (var item in extrinsicsJson.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Hex.TryDecode(item.GetString(), out var bytes, out var error))
            {
                throw new InvalidDataException($"block #{header.Number}: an extrinsic is not 0x-hex");
            }

            extrinsics.Add(bytes);
        }

        var proof = new FinalityProof(header.Hash, header.Number, []);
        if (json.TryGetProperty("justifications", out var justifications) && justifications.ValueKind == JsonValueKind.Array)
        {
            foreach (var justification in justifications.EnumerateArray())
            {
                if (justification.ValueKind == JsonValueKind.Array && justification.GetArrayLength() == 2
                    && justification[0].ValueKind == JsonValueKind.String && justification[0].GetString() == VeilEngineId
                    && justification[1].ValueKind == JsonValueKind.String && Hex.TryDecode(justification[1].GetString(), out var encoded, out _))
                {
                    if (!FinalityProof.TryDecode(encoded, out proof, out var proofError))
                    {
                        throw new InvalidDataException($"block #{header.Number}: finality proof: {proofError}");
                    }
                }
            }
        }

        return (new Block(header, extrinsics), proof);
    }

    private static Hash256 ParseHash(JsonElement json, string name)
        => Hash256.TryParse(json.GetProperty(name).GetString(), out var hash) ? hash : throw new InvalidDataException($"header {name} is not a 0x-prefixed 32-byte hash");
}
