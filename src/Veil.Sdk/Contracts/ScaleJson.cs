using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Accounts;

namespace Veil.Sdk.Contracts;

/// <summary>
/// JSON ⇄ SCALE by a scale-info type registry, for the types contract metadata uses: integers (u8…u128,
/// i8…i128; JSON numbers or decimal strings), bool, String, AccountId (SS58, a dev URI like <c>//Bob</c>
/// or 0x hex; decoded as SS58), byte arrays and <c>Vec&lt;u8&gt;</c> (0x hex), other arrays and sequences
/// (JSON arrays), tuples, composites (a JSON array or an object by field name; a one-field composite also
/// takes the bare value), compact integers, <c>Option</c> (null = None), <c>Result</c>
/// (<c>{"Ok": v}</c> / <c>{"Err": e}</c>) and other enums (a variant name, or <c>{"Name": fields}</c>).
/// </summary>
internal static class ScaleJson
{
    private const int MaxDepth = 32;

    public static void Encode(ContractMetadata metadata, int typeId, JsonElement value, ref ScaleWriter writer, int depth = 0)
    {
        if (depth > MaxDepth) throw new ArgumentException("the type nests too deeply");
        var type = metadata.Type(typeId);
        var def = type.GetProperty("def");
        var (kind, body) = First(def);
        switch (kind)
        {
            case "primitive":
                EncodePrimitive(body.GetString()!, value, ref writer);
                return;
            case "compact":
                writer.WriteCompact(ParseUnsigned(value, UInt128.MaxValue, "compact"));
                return;
            case "array":
                {
                    var length = body.GetProperty("len").GetInt32();
                    var element = body.GetProperty("type").GetInt32();
                    if (IsU8(metadata, element))
                    {
                        var bytes = HexBytes(value, length);
                        writer.WriteRaw(bytes);
                        return;
                    }

                    var items = Items(value, length);
                    foreach (var item in items) Encode(metadata, element, item, ref writer, depth + 1);
                    return;
                }

            case "sequence":
                {
                    var element = body.GetProperty("type").GetInt32();
                    if (IsU8(metadata, element))
                    {
                        writer.WriteBytes(HexBytes(value, null));
                        return;
                    }

                    var items = Items(value, null);
                    writer.WriteLength(items.Count);
                    foreach (var item in items) Encode(metadata, element, item, ref writer, depth + 1);
                    return;
                }

            case "tuple":
                {
                    var fields = body.EnumerateArray().Select(f => f.GetInt32()).ToList();
                    if (fields.Count == 0) return;
                    var items = Items(value, fields.Count);
                    for (var i = 0; i < fields.Count; i++) Encode(metadata, fields[i], items[i], ref writer, depth + 1);
                    return;
                }

            case "composite":
                if (IsAccountId(type))
                {
                    if (value.ValueKind != JsonValueKind.String) throw new ArgumentException("an AccountId is an SS58 address, a dev URI like //Bob or 0x hex");
                    writer.WriteAccount(ParseAccount(value.GetString()!));
                    return;
                }

                EncodeFields(metadata, body.TryGetProperty("fields", out var compositeFields) ? compositeFields : default, value, ref writer, depth);
                return;
            case "variant":
                EncodeVariant(metadata, type, body, value, ref writer, depth);
                return;
            default:
                throw new ArgumentException($"type {ContractMetadata.Describe(type)} ({kind}) is not supported");
        }
    }

    public static JsonNode? Decode(ContractMetadata metadata, int typeId, ref ScaleReader reader, int depth = 0)
    {
        if (depth > MaxDepth) throw new FormatException("the type nests too deeply");
        var type = metadata.Type(typeId);
        var (kind, body) = First(type.GetProperty("def"));
        JsonNode? result;
        switch (kind)
        {
            case "primitive":
                result = DecodePrimitive(body.GetString()!, ref reader);
                break;
            case "compact":
                result = Number(reader.ReadCompactU128().ToString(CultureInfo.InvariantCulture));
                break;
            case "array":
            case "sequence":
                {
                    var element = body.GetProperty("type").GetInt32();
                    var count = kind == "array" ? body.GetProperty("len").GetInt32() : reader.ReadLength(1 << 20);
                    if (IsU8(metadata, element))
                    {
                        result = JsonValue.Create(Hex.Encode(reader.ReadRaw(count)));
                        break;
                    }

                    var array = new JsonArray();
                    for (var i = 0; i < count && !reader.Failed; i++) array.Add(Decode(metadata, element, ref reader, depth + 1));
                    result = array;
                    break;
                }

            case "tuple":
                {
                    var fields = body.EnumerateArray().Select(f => f.GetInt32()).ToList();
                    if (fields.Count == 0)
                    {
                        result = null;
                        break;
                    }

                    var array = new JsonArray();
                    foreach (var field in fields) array.Add(Decode(metadata, field, ref reader, depth + 1));
                    result = array;
                    break;
                }

            case "composite":
                if (IsAccountId(type))
                {
                    result = JsonValue.Create(reader.ReadAccount().ToSs58());
                    break;
                }

                result = DecodeFields(metadata, body.TryGetProperty("fields", out var fieldList) ? fieldList : default, ref reader, depth);
                break;
            case "variant":
                result = DecodeVariant(metadata, type, body, ref reader, depth);
                break;
            default:
                throw new FormatException($"type {ContractMetadata.Describe(type)} ({kind}) is not supported");
        }

        if (reader.Failed) throw new FormatException($"the bytes end inside a {ContractMetadata.Describe(type)}");
        return result;
    }

    private static void EncodeFields(ContractMetadata metadata, JsonElement fields, JsonElement value, ref ScaleWriter writer, int depth)
    {
        var list = fields.ValueKind == JsonValueKind.Array ? fields.EnumerateArray().ToList() : [];
        if (list.Count == 0) return;
        if (list.Count == 1 && value.ValueKind != JsonValueKind.Object && !(value.ValueKind == JsonValueKind.Array && IsTupleLike(metadata, list[0])))
        {
            Encode(metadata, list[0].GetProperty("type").GetInt32(), value, ref writer, depth + 1);
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            JsonElement item;
            if (value.ValueKind == JsonValueKind.Object && list[i].TryGetProperty("name", out var name))
            {
                if (!value.TryGetProperty(name.GetString()!, out item)) throw new ArgumentException($"field '{name.GetString()}' is missing");
            }
            else
            {
                var items = Items(value, list.Count);
                item = items[i];
            }

            Encode(metadata, list[i].GetProperty("type").GetInt32(), item, ref writer, depth + 1);
        }
    }

    private static JsonNode? DecodeFields(ContractMetadata metadata, JsonElement fields, ref ScaleReader reader, int depth)
    {
        var list = fields.ValueKind == JsonValueKind.Array ? fields.EnumerateArray().ToList() : [];
        if (list.Count == 0) return null;
        if (list.Count == 1) return Decode(metadata, list[0].GetProperty("type").GetInt32(), ref reader, depth + 1);
        var named = list.TrueForAll(f => f.TryGetProperty("name", out _));
        if (named)
        {
            var obj = new JsonObject();
            foreach (var field in list) obj[field.GetProperty("name").GetString()!] = Decode(metadata, field.GetProperty("type").GetInt32(), ref reader, depth + 1);
            return obj;
        }

        var array = new JsonArray();
        foreach (var field in list) array.Add(Decode(metadata, field.GetProperty("type").GetInt32(), ref reader, depth + 1));
        return array;
    }

    private static void EncodeVariant(ContractMetadata metadata, JsonElement type, JsonElement body, JsonElement value, ref ScaleWriter writer, int depth)
    {
        var variants = body.TryGetProperty("variants", out var v) ? v.EnumerateArray().ToList() : [];
        if (IsPath(type, "Option") && variants.Count == 2)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                writer.WriteU8(0);
                return;
            }

            var some = variants.First(x => x.GetProperty("index").GetInt32() == 1);
            writer.WriteU8(1);
            EncodeFields(metadata, some.GetProperty("fields"), value, ref writer, depth);
            return;
        }

        string name;
        JsonElement payload = default;
        if (value.ValueKind == JsonValueKind.String)
        {
            name = value.GetString()!;
        }
        else if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Count() == 1)
        {
            var property = value.EnumerateObject().First();
            name = property.Name;
            payload = property.Value;
        }
        else
        {
            throw new ArgumentException($"a {ContractMetadata.Describe(type)} is a variant name or {{\"Variant\": value}}");
        }

        foreach (var variant in variants)
        {
            if (variant.GetProperty("name").GetString() != name) continue;
            writer.WriteU8((byte)variant.GetProperty("index").GetInt32());
            if (variant.TryGetProperty("fields", out var fields))
            {
                EncodeFields(metadata, fields, payload, ref writer, depth);
            }

            return;
        }

        throw new ArgumentException($"{ContractMetadata.Describe(type)} has no variant '{name}' (known: {string.Join(", ", variants.Select(x => x.GetProperty("name").GetString()))})");
    }

    private static JsonNode? DecodeVariant(ContractMetadata metadata, JsonElement type, JsonElement body, ref ScaleReader reader, int depth)
    {
        var index = reader.ReadU8();
        if (reader.Failed) throw new FormatException($"the bytes end before a {ContractMetadata.Describe(type)}");
        var variants = body.TryGetProperty("variants", out var v) ? v.EnumerateArray().ToList() : [];
        foreach (var variant in variants)
        {
            if (variant.GetProperty("index").GetInt32() != index) continue;
            var name = variant.GetProperty("name").GetString()!;
            var hasFields = variant.TryGetProperty("fields", out var fields) && fields.GetArrayLength() > 0;
            if (IsPath(type, "Option"))
            {
                return index == 0 ? null : DecodeFields(metadata, fields, ref reader, depth);
            }

            if (!hasFields) return JsonValue.Create(name);
            return new JsonObject { [name] = DecodeFields(metadata, fields, ref reader, depth) };
        }

        throw new FormatException($"{ContractMetadata.Describe(type)} has no variant with index {index}");
    }

    private static void EncodePrimitive(string primitive, JsonElement value, ref ScaleWriter writer)
    {
        switch (primitive)
        {
            case "bool":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new ArgumentException("expected true or false");
                writer.WriteBool(value.GetBoolean());
                return;
            case "str":
                if (value.ValueKind != JsonValueKind.String) throw new ArgumentException("expected a string");
                writer.WriteString(value.GetString()!);
                return;
            case "u8": writer.WriteU8((byte)ParseUnsigned(value, byte.MaxValue, primitive)); return;
            case "u16": writer.WriteU16((ushort)ParseUnsigned(value, ushort.MaxValue, primitive)); return;
            case "u32": writer.WriteU32((uint)ParseUnsigned(value, uint.MaxValue, primitive)); return;
            case "u64": writer.WriteU64((ulong)ParseUnsigned(value, ulong.MaxValue, primitive)); return;
            case "u128": writer.WriteU128(ParseUnsigned(value, UInt128.MaxValue, primitive)); return;
            case "i8": writer.WriteI8((sbyte)ParseSigned(value, sbyte.MinValue, sbyte.MaxValue, primitive)); return;
            case "i16": writer.WriteI16((short)ParseSigned(value, short.MinValue, short.MaxValue, primitive)); return;
            case "i32": writer.WriteI32((int)ParseSigned(value, int.MinValue, int.MaxValue, primitive)); return;
            case "i64": writer.WriteI64((long)ParseSigned(value, long.MinValue, long.MaxValue, primitive)); return;
            case "i128": writer.WriteI128((Int128)ParseSigned(value, (BigInteger)Int128.MinValue, (BigInteger)Int128.MaxValue, primitive)); return;
            default: throw new ArgumentException($"primitive {primitive} is not supported");
        }
    }

    private static JsonNode? DecodePrimitive(string primitive, ref ScaleReader reader) => primitive switch
    {
        "bool" => JsonValue.Create(reader.ReadU8() != 0),
        "str" => JsonValue.Create(reader.ReadString()),
        "u8" => JsonValue.Create(reader.ReadU8()),
        "u16" => JsonValue.Create(reader.ReadU16()),
        "u32" => JsonValue.Create(reader.ReadU32()),
        "u64" => Number(reader.ReadU64().ToString(CultureInfo.InvariantCulture)),
        "u128" => Number(reader.ReadU128().ToString(CultureInfo.InvariantCulture)),
        "i8" => JsonValue.Create((sbyte)reader.ReadU8()),
        "i16" => JsonValue.Create(reader.ReadI16()),
        "i32" => JsonValue.Create(reader.ReadI32()),
        "i64" => Number(reader.ReadI64().ToString(CultureInfo.InvariantCulture)),
        "i128" => Number(reader.ReadI128().ToString(CultureInfo.InvariantCulture)),
        _ => throw new FormatException($"primitive {primitive} is not supported"),
    };

    // Large integers stay exact: the digits are kept as a JSON number token, never a double.
    private static JsonNode Number(string digits) => JsonNode.Parse(digits)!;

    private static UInt128 ParseUnsigned(JsonElement value, UInt128 max, string what)
    {
        var big = ParseInteger(value, what);
        if (big < 0 || big > (BigInteger)max) throw new ArgumentException($"{big} does not fit a {what}");
        return (UInt128)big;
    }

    private static BigInteger ParseSigned(JsonElement value, BigInteger min, BigInteger max, string what)
    {
        var big = ParseInteger(value, what);
        if (big < min || big > max) throw new ArgumentException($"{big} does not fit an {what}");
        return big;
    }

    private static BigInteger ParseInteger(JsonElement value, string what)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!.Replace("_", string.Empty, StringComparison.Ordinal),
            _ => throw new ArgumentException($"expected a {what} (a number or a decimal string)"),
        };
        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
            ? big
            : throw new ArgumentException($"'{text}' is not a whole number ({what})");
    }

    private static byte[] HexBytes(JsonElement value, int? length)
    {
        byte[] bytes;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (!Hex.TryDecode(text, out bytes!, out _)) bytes = Encoding.UTF8.GetBytes(text);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            bytes = [.. value.EnumerateArray().Select(b => b.TryGetByte(out var x) ? x : throw new ArgumentException("byte arrays hold numbers 0..255"))];
        }
        else
        {
            throw new ArgumentException("expected bytes as 0x hex (or a JSON array of numbers)");
        }

        if (length is { } expected && bytes.Length != expected) throw new ArgumentException($"expected {expected} bytes, got {bytes.Length}");
        return bytes;
    }

    private static List<JsonElement> Items(JsonElement value, int? count)
    {
        if (value.ValueKind != JsonValueKind.Array) throw new ArgumentException("expected a JSON array");
        var items = value.EnumerateArray().ToList();
        if (count is { } expected && items.Count != expected) throw new ArgumentException($"expected {expected} items, got {items.Count}");
        return items;
    }

    private static AccountId ParseAccount(string text)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length == 66 && Hex.TryDecode(text, out var raw, out _))
        {
            return new AccountId(raw);
        }

        try
        {
            return AccountResolver.Resolve(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }
    }

    private static (string Kind, JsonElement Body) First(JsonElement def)
    {
        foreach (var property in def.EnumerateObject()) return (property.Name, property.Value);
        throw new FormatException("a type without a definition");
    }

    private static bool IsU8(ContractMetadata metadata, int typeId)
        => First(metadata.Type(typeId).GetProperty("def")) is ("primitive", var p) && p.GetString() == "u8";

    private static bool IsTupleLike(ContractMetadata metadata, JsonElement field)
        => First(metadata.Type(field.GetProperty("type").GetInt32()).GetProperty("def")).Kind is "tuple" or "array" or "sequence" or "composite";

    private static bool IsAccountId(JsonElement type) => IsPath(type, "AccountId");

    private static bool IsPath(JsonElement type, string last)
        => type.TryGetProperty("path", out var path) && path.GetArrayLength() > 0 && path[path.GetArrayLength() - 1].GetString() == last;
}
