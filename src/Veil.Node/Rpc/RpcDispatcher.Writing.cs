using System.Text.Json;
using System.Text.Json.Nodes;

namespace Veil.Node.Rpc;

public sealed partial class RpcDispatcher
{
    private bool WriteSingle(PooledBufferWriter output, RpcCall call) => WriteAll(output, new Span<RpcCall>(ref call), batch: false);

    /// <summary>
    /// Writes the responses; returns true when they were too big and an error went out instead. A result
    /// that throws while being written (a faulty writer callback, unserialisable error data) leaves the
    /// writer unusable, so the whole message is rewritten with that call turned into an internal error.
    /// </summary>
    private bool WriteAll(PooledBufferWriter output, Span<RpcCall> calls, bool batch)
    {
        while (true)
        {
            output.Clear();
            var index = 0;
            try
            {
                using var writer = new Utf8JsonWriter(output);
                if (batch) writer.WriteStartArray();
                for (; index < calls.Length; index++)
                {
                    if (calls[index].Respond) WriteResponse(writer, ref calls[index]);
                }

                if (batch) writer.WriteEndArray();
                writer.Flush();
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && index < calls.Length)
            {
                ref var bad = ref calls[index];
                LogResultFailed(_logger, bad.Entry?.Name ?? "(none)", ex);
                if (!bad.Error.IsSet)
                {
                    bad.Error = new RpcError(RpcErrorCodes.InternalError, "Internal error");
                    bad.Entry?.Errors.Inc();
                }
                else if (bad.Error.Data is not null)
                {
                    bad.Error = bad.Error with { Data = null };
                }
                else
                {
                    throw;
                }
            }
        }

        if (output.WrittenCount <= _options.MaxResponseBytes) return false;

        var size = output.WrittenCount;
        output.Clear();
        _invalidRequests.Inc();
        var error = new RpcCall
        {
            Respond = true,
            Id = batch ? default : calls[0].Id,
            Error = new RpcError(RpcErrorCodes.OversizedResponse, $"Response is too big: {size} bytes exceeds the limit of {_options.MaxResponseBytes}"),
        };
        using (var writer = new Utf8JsonWriter(output)) WriteResponse(writer, ref error);
        return true;
    }

    private static void WriteResponse(Utf8JsonWriter writer, ref RpcCall call)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        if (call.Error.IsSet)
        {
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, call.Error.Code);
            writer.WriteString("message"u8, call.Error.Message);
            if (call.Error.Data is { } data)
            {
                writer.WritePropertyName("data"u8);
                WriteData(writer, data);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WritePropertyName("result"u8);
            call.Result.WriteTo(writer);
        }

        writer.WritePropertyName("id"u8);
        if (call.Id.ValueKind == JsonValueKind.Undefined) writer.WriteNullValue();
        else call.Id.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, object data)
    {
        switch (data)
        {
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case int number: writer.WriteNumberValue(number); break;
            case long number: writer.WriteNumberValue(number); break;
            case ulong number: writer.WriteNumberValue(number); break;
            case byte[] bytes: RpcResult.WriteHex(writer, bytes); break;
            case JsonNode node: node.WriteTo(writer); break;
            case JsonElement element: element.WriteTo(writer); break;
            case RpcResult result: result.WriteTo(writer); break;

            // Error path only, so reflection-based serialisation is acceptable here.
            default: JsonSerializer.Serialize(writer, data, data.GetType()); break;
        }
    }
}
