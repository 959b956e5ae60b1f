using System.Text.Json;
using Veil.Core;
using Veil.Node.Rpc;
using Veil.Protocol.Blocks;

namespace Veil.Node.Chain;

/// <summary>Substrate's JSON shapes for headers and blocks (hex numbers, hex SCALE), plus Veil's extra header fields.</summary>
public static class ChainJson
{
    public static void WriteHeader(Utf8JsonWriter writer, BlockHeader header, ushort ss58Format)
    {
        writer.WriteStartObject();
        writer.WriteString("parentHash", header.ParentHash.ToString());
        writer.WriteString("number", "0x" + header.Number.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("stateRoot", header.StateRoot.ToString());
        writer.WriteString("extrinsicsRoot", header.ExtrinsicsRoot.ToString());
        writer.WriteString("messagesRoot", header.MessagesRoot.ToString());
        writer.WriteNumber("timestamp", header.Timestamp);
        writer.WriteString("author", header.Author.ToSs58(ss58Format));
        writer.WriteString("hash", header.Hash.ToString());
        writer.WriteStartObject("digest");
        writer.WriteStartArray("logs");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static byte[] SerializeHeader(BlockHeader header, ushort ss58Format)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteHeader(writer, header, ss58Format);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteBlock(Utf8JsonWriter writer, Block block, FinalityProof? proof, ushort ss58Format)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("block");
        writer.WritePropertyName("header");
        WriteHeader(writer, block.Header, ss58Format);
        writer.WriteStartArray("extrinsics");
        foreach (var extrinsic in block.Extrinsics)
        {
            RpcResult.Hex(extrinsic).WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        // Genesis is final by definition and carries no signatures: null, as Substrate reports it.
        if (proof is null || proof.Signatures.Count == 0)
        {
            writer.WriteNull("justifications");
        }
        else
        {
            // Substrate: Vec<(ConsensusEngineId, EncodedJustification)>.
            writer.WriteStartArray("justifications");
            writer.WriteStartArray();
            writer.WriteStringValue(Hex.Encode("VEIL"u8));
            writer.WriteStringValue(Hex.Encode(proof.Encode()));
            writer.WriteEndArray();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
