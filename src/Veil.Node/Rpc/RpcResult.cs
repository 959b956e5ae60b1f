using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Veil.Node.Rpc;

/// <summary>
/// A call's result, written straight into the response by the server without reflection. Build one from a
/// primitive (implicit conversions), a <see cref="JsonNode"/>, bytes as 0x-hex, pre-serialised UTF-8 JSON
/// (cache it when many clients get the same value, as a new head does), or a writer callback.
/// </summary>
public readonly struct RpcResult
{
    private readonly Kind _kind;
    private readonly long _number;
    private readonly object? _value;
    private readonly ReadOnlyMemory<byte> _raw;

    private RpcResult(Kind kind, long number = 0, object? value = null, ReadOnlyMemory<byte> raw = default)
    {
        _kind = kind;
        _number = number;
        _value = value;
        _raw = raw;
    }

    private enum Kind : byte
    {
        Null,
        Bool,
        Int64,
        UInt64,
        String,
        Hex,
        Node,
        Element,
        Raw,
        Writer,
    }

    /// <summary>JSON <c>null</c> (also the default value).</summary>
    public static RpcResult Null => default;

    public static implicit operator RpcResult(bool value) => new(Kind.Bool, value ? 1 : 0);

    public static implicit operator RpcResult(int value) => new(Kind.Int64, value);

    public static implicit operator RpcResult(uint value) => new(Kind.Int64, value);

    public static implicit operator RpcResult(long value) => new(Kind.Int64, value);

    public static implicit operator RpcResult(ulong value) => new(Kind.UInt64, unchecked((long)value));

    public static implicit operator RpcResult(string? value) => value is null ? default : new(Kind.String, value: value);

    public static implicit operator RpcResult(JsonNode? value) => value is null ? default : new(Kind.Node, value: value);

    public static RpcResult FromBool(bool value) => value;

    public static RpcResult FromInt64(long value) => value;

    public static RpcResult FromUInt64(ulong value) => value;

    public static RpcResult FromString(string? value) => value;

    public static RpcResult FromNode(JsonNode? value) => value;

    /// <summary>A JSON value that outlives the call (clone it from any JsonDocument that will be disposed).</summary>
    public static RpcResult FromElement(JsonElement value) => new(Kind.Element, value: value);

    /// <summary>Bytes as a 0x-prefixed lowercase hex string, as Substrate writes hashes and SCALE blobs.</summary>
    public static RpcResult Hex(ReadOnlySpan<byte> bytes) => new(Kind.Hex, value: bytes.ToArray());

    /// <summary>
    /// Pre-serialised UTF-8 JSON, copied verbatim without validation: it must be one complete JSON value.
    /// The memory must not change while responses may still be written.
    /// </summary>
    public static RpcResult Raw(ReadOnlyMemory<byte> utf8Json) => new(Kind.Raw, raw: utf8Json);

    /// <summary>Writes exactly one JSON value with <paramref name="write"/> when the response is built.</summary>
    public static RpcResult FromWriter(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return new(Kind.Writer, value: write);
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (_kind)
        {
            case Kind.Null: writer.WriteNullValue(); break;
            case Kind.Bool: writer.WriteBooleanValue(_number != 0); break;
            case Kind.Int64: writer.WriteNumberValue(_number); break;
            case Kind.UInt64: writer.WriteNumberValue(unchecked((ulong)_number)); break;
            case Kind.String: writer.WriteStringValue((string)_value!); break;
            case Kind.Hex: WriteHex(writer, (byte[])_value!); break;
            case Kind.Node: ((JsonNode)_value!).WriteTo(writer); break;
            case Kind.Element: ((JsonElement)_value!).WriteTo(writer); break;
            case Kind.Raw: writer.WriteRawValue(_raw.Span, skipInputValidation: true); break;
            case Kind.Writer: ((Action<Utf8JsonWriter>)_value!)(writer); break;
        }
    }

    /// <summary>The result as JSON text; for tests and logs, not the hot path.</summary>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static void WriteHex(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes)
    {
        var length = 2 + (bytes.Length * 2);
        byte[]? rented = null;
        var utf8 = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        utf8[0] = (byte)'0';
        utf8[1] = (byte)'x';
        const string Digits = "0123456789abcdef";
        for (var i = 0; i < bytes.Length; i++)
        {
            utf8[2 + (2 * i)] = (byte)Digits[bytes[i] >> 4];
            utf8[3 + (2 * i)] = (byte)Digits[bytes[i] & 0xF];
        }

        writer.WriteStringValue(utf8);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }
}
