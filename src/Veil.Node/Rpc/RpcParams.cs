using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Veil.Node.Rpc;

/// <summary>
/// A call's "params", by position (array) or by name (object); absent params are empty. Each getter takes
/// both the position and the name, so a method accepts either form, and throws an
/// <see cref="RpcException"/> with code −32602 naming the parameter when it is missing or malformed.
/// A JSON <c>null</c> counts as absent, as Substrate's optional parameters treat it.
/// </summary>
public readonly struct RpcParams
{
    private readonly JsonElement _element;

    public RpcParams(JsonElement element)
    {
        if (element.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw new ArgumentException("Params must be a JSON array or object.", nameof(element));
        }

        _element = element.ValueKind == JsonValueKind.Null ? default : element;
    }

    public static RpcParams Empty => default;

    /// <summary>The params as sent: an array, an object, or Undefined when absent.</summary>
    public JsonElement Raw => _element;

    public bool IsByName => _element.ValueKind == JsonValueKind.Object;

    public int Count => _element.ValueKind switch
    {
        JsonValueKind.Array => _element.GetArrayLength(),
        JsonValueKind.Object => _element.GetPropertyCount(),
        _ => 0,
    };

    /// <summary>Finds the parameter; false when it is absent or JSON null.</summary>
    public bool TryGet(int index, string name, out JsonElement value)
    {
        value = default;
        switch (_element.ValueKind)
        {
            case JsonValueKind.Array:
                if ((uint)index >= (uint)_element.GetArrayLength()) return false;
                value = _element[index];
                break;
            case JsonValueKind.Object:
                if (!_element.TryGetProperty(name, out value)) return false;
                break;
            default:
                return false;
        }

        return value.ValueKind != JsonValueKind.Null;
    }

    public JsonElement Get(int index, string name)
        => TryGet(index, name, out var value) ? value : throw Invalid(index, name, "is required");

    /// <summary>Refuses calls with more positional params than the method takes, so a typo'd call fails loudly.</summary>
    public void ExpectAtMost(int count)
    {
        if (_element.ValueKind == JsonValueKind.Array && _element.GetArrayLength() > count)
        {
            throw RpcException.InvalidParams($"Invalid params: expected at most {count} params, got {_element.GetArrayLength()}");
        }
    }

    public string GetString(int index, string name) => AsString(Get(index, name), index, name);

    public string? GetOptionalString(int index, string name)
        => TryGet(index, name, out var value) ? AsString(value, index, name) : null;

    /// <summary>A 0x-prefixed hex string as bytes, decoded straight from the request's UTF-8.</summary>
    public byte[] GetHex(int index, string name) => AsHex(Get(index, name), index, name);

    public byte[]? GetOptionalHex(int index, string name)
        => TryGet(index, name, out var value) ? AsHex(value, index, name) : null;

    /// <summary>A non-negative integer given as a JSON number or a 0x-hex string (Substrate accepts both for block numbers).</summary>
    public ulong GetUInt64(int index, string name) => AsUInt64(Get(index, name), index, name);

    public ulong? GetOptionalUInt64(int index, string name)
        => TryGet(index, name, out var value) ? AsUInt64(value, index, name) : null;

    public uint GetUInt32(int index, string name) => AsUInt32(Get(index, name), index, name);

    public uint? GetOptionalUInt32(int index, string name)
        => TryGet(index, name, out var value) ? AsUInt32(value, index, name) : null;

    public bool GetBool(int index, string name) => AsBool(Get(index, name), index, name);

    public bool? GetOptionalBool(int index, string name)
        => TryGet(index, name, out var value) ? AsBool(value, index, name) : null;

    private static string AsString(JsonElement value, int index, string name)
        => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(index, name, $"must be a string, not {Describe(value)}");

    private static byte[] AsHex(JsonElement value, int index, string name)
    {
        if (value.ValueKind != JsonValueKind.String) throw Invalid(index, name, $"must be a 0x-prefixed hex string, not {Describe(value)}");

        // The raw token includes its quotes. Hex never needs escapes; an escaped string takes the slow path.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = raw[1..^1];
        if (text.IndexOf((byte)'\\') >= 0) text = System.Text.Encoding.UTF8.GetBytes(value.GetString()!);
        if (text.Length < 2 || text[0] != '0' || (text[1] | 0x20) != 'x') throw Invalid(index, name, "must be a 0x-prefixed hex string");
        var digits = text[2..];
        if (digits.Length % 2 != 0) throw Invalid(index, name, "has an odd number of hex digits");
        var bytes = GC.AllocateUninitializedArray<byte>(digits.Length / 2);
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = Nibble(digits[2 * i]);
            var low = Nibble(digits[(2 * i) + 1]);
            if ((high | low) < 0) throw Invalid(index, name, "contains a character that is not a hex digit");
            bytes[i] = (byte)((high << 4) | low);
        }

        return bytes;
    }

    private static ulong AsUInt64(JsonElement value, int index, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetUInt64(out var number):
                return number;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    && text.Length is > 2 and <= 18
                    && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                throw Invalid(index, name, "must be a non-negative integer or a 0x-hex string of at most 16 digits");
            default:
                throw Invalid(index, name, $"must be a non-negative integer, not {Describe(value)}");
        }
    }

    private static uint AsUInt32(JsonElement value, int index, string name)
    {
        var number = AsUInt64(value, index, name);
        return number <= uint.MaxValue ? (uint)number : throw Invalid(index, name, $"must be at most {uint.MaxValue}");
    }

    private static bool AsBool(JsonElement value, int index, string name)
        => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(index, name, $"must be true or false, not {Describe(value)}"),
        };

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static RpcException Invalid(int index, string name, string problem)
        => RpcException.InvalidParams($"Invalid params: '{name}' (param {index}) {problem}");
}
