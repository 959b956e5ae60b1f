using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Sdk.Contracts;

/// <summary>
/// A contract's ink!-shaped metadata (the <c>.json</c> that cargo-contract or the AssemblyScript SDK
/// writes, or the <c>.contract</c> bundle that also carries the code): constructors and messages by label,
/// and the scale-info type registry that <see cref="ScaleJson"/> encodes arguments and decodes answers with.
/// Reads metadata versions 4 and 5 (top level) and the older <c>{"V3": …}</c> wrapping.
/// </summary>
public sealed class ContractMetadata
{
    private readonly Dictionary<int, JsonElement> _types = [];
    private readonly List<ContractMessage> _constructors = [];
    private readonly List<ContractMessage> _messages = [];

    private ContractMetadata(JsonElement root)
    {
        foreach (var wrapper in (ReadOnlySpan<string>)["V5", "V4", "V3"])
        {
            if (root.TryGetProperty(wrapper, out var inner)) root = inner;
        }

        if (!root.TryGetProperty("spec", out var spec) || !root.TryGetProperty("types", out var types))
        {
            throw new FormatException("the metadata has no 'spec' or 'types'; is it an ink! / Veil contract metadata file?");
        }

        foreach (var type in types.EnumerateArray())
        {
            _types[type.GetProperty("id").GetInt32()] = type.GetProperty("type").Clone();
        }

        foreach (var constructor in spec.GetProperty("constructors").EnumerateArray()) _constructors.Add(Read(constructor, isConstructor: true));
        foreach (var message in spec.GetProperty("messages").EnumerateArray()) _messages.Add(Read(message, isConstructor: false));
        if (root.TryGetProperty("source", out var source) && source.TryGetProperty("wasm", out var wasm) && wasm.ValueKind == JsonValueKind.String)
        {
            Code = Hex.Decode(wasm.GetString()!);
        }

        Name = root.TryGetProperty("contract", out var contract) && contract.TryGetProperty("name", out var name) ? name.GetString() ?? "contract" : "contract";
    }

    public string Name { get; }

    /// <summary>The code, when the metadata is a <c>.contract</c> bundle (<c>source.wasm</c>).</summary>
    public byte[]? Code { get; }

    public IReadOnlyList<ContractMessage> Constructors => _constructors;

    public IReadOnlyList<ContractMessage> Messages => _messages;

    /// <summary>Parses metadata JSON.</summary>
    /// <exception cref="FormatException">Not contract metadata.</exception>
    public static ContractMetadata Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return new ContractMetadata(document.RootElement.Clone());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not contract metadata: {ex.Message}", ex);
        }
    }

    /// <summary>The constructor labelled <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">No such constructor; the message lists the known ones.</exception>
    public ContractMessage Constructor(string label) => Find(_constructors, label, "constructor");

    /// <summary>The message labelled <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">No such message; the message lists the known ones.</exception>
    public ContractMessage Message(string label) => Find(_messages, label, "message");

    /// <summary>The type definition (<c>{"def": …, "path": …}</c>) of <paramref name="id"/>.</summary>
    internal JsonElement Type(int id)
        => _types.TryGetValue(id, out var type) ? type : throw new FormatException($"the metadata has no type {id}");

    /// <summary>Selector ‖ SCALE-encoded arguments, from a JSON array with one value per argument.</summary>
    /// <exception cref="ArgumentException">Wrong number of arguments or a value that does not fit its type.</exception>
    public byte[] EncodeCall(ContractMessage message, JsonElement args)
    {
        ArgumentNullException.ThrowIfNull(message);
        var values = args.ValueKind switch
        {
            JsonValueKind.Array => args.EnumerateArray().ToList(),
            JsonValueKind.Undefined or JsonValueKind.Null => [],
            _ => throw new ArgumentException("the arguments must be a JSON array, e.g. '[\"//Bob\", 10]'", nameof(args)),
        };
        if (values.Count != message.Args.Count)
        {
            var expected = string.Join(", ", message.Args.Select(a => a.Label));
            throw new ArgumentException($"{message.Label} takes {message.Args.Count} argument(s) ({expected}), {values.Count} given", nameof(args));
        }

        var writer = new ScaleWriter(256);
        try
        {
            writer.WriteRaw(message.Selector);
            for (var i = 0; i < values.Count; i++)
            {
                try
                {
                    ScaleJson.Encode(this, message.Args[i].Type, values[i], ref writer);
                }
                catch (ArgumentException ex)
                {
                    throw new ArgumentException($"argument '{message.Args[i].Label}': {ex.Message}", nameof(args), ex);
                }
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> as type <paramref name="typeId"/> to JSON; false with a reason when they do not fit.</summary>
    public bool TryDecode(int typeId, ReadOnlySpan<byte> bytes, out JsonNode? value, out string error)
    {
        var reader = new ScaleReader(bytes);
        try
        {
            value = ScaleJson.Decode(this, typeId, ref reader);
        }
        catch (FormatException ex)
        {
            value = null;
            error = ex.Message;
            return false;
        }

        return reader.TryFinish(out error);
    }

    private static ContractMessage Find(List<ContractMessage> list, string label, string what)
    {
        foreach (var message in list)
        {
            if (message.Label == label) return message;
        }

        throw new ArgumentException($"the metadata has no {what} '{label}' (known: {string.Join(", ", list.Select(m => m.Label))})", nameof(label));
    }

    private static ContractMessage Read(JsonElement message, bool isConstructor)
    {
        var label = message.GetProperty("label").GetString()!;
        var selector = Hex.Decode(message.GetProperty("selector").GetString()!);
        var args = new List<ContractArgument>();
        foreach (var arg in message.GetProperty("args").EnumerateArray())
        {
            args.Add(new ContractArgument(arg.GetProperty("label").GetString()!, arg.GetProperty("type").GetProperty("type").GetInt32()));
        }

        int? returnType = message.TryGetProperty("returnType", out var ret) && ret.ValueKind == JsonValueKind.Object && ret.TryGetProperty("type", out var id)
            ? id.GetInt32()
            : null;
        var mutates = isConstructor || (message.TryGetProperty("mutates", out var m) && m.GetBoolean());
        return new ContractMessage(label, selector, args, returnType, mutates, isConstructor);
    }

    internal static string Describe(JsonElement type)
        => type.TryGetProperty("path", out var path) && path.GetArrayLength() > 0
            ? string.Join("::", path.EnumerateArray().Select(p => p.GetString()))
            : type.GetProperty("def").EnumerateObject().First().Name;

    internal static string Invariant(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);
}
