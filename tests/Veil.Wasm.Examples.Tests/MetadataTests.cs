using System.Text.Json;

namespace Veil.Wasm.Examples.Tests;

public class MetadataTests
{
    public static readonly TheoryData<string> Examples = ["counter", "token", "auction", "vote"];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Selectors_AreInkDefaults_FromTheLabels(string name)
    {
        using var metadata = ExampleBuild.Metadata(name);
        foreach (var entry in Entries(metadata))
        {
            var label = entry.GetProperty("label").GetString()!;
            Assert.Equal("0x" + Convert.ToHexStringLower(ExampleBuild.DefaultSelector(label)), entry.GetProperty("selector").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Metadata_HasInkShape_AndEveryTypeIdResolves(string name)
    {
        using var metadata = ExampleBuild.Metadata(name);
        var root = metadata.RootElement;
        Assert.Equal(5, root.GetProperty("version").GetInt32());
        Assert.Equal(name, root.GetProperty("contract").GetProperty("name").GetString());
        var types = root.GetProperty("types");
        for (var i = 0; i < types.GetArrayLength(); i++)
        {
            Assert.Equal(i, types[i].GetProperty("id").GetInt32());
        }

        var spec = root.GetProperty("spec");
        Assert.NotEqual(0, spec.GetProperty("constructors").GetArrayLength());
        AssertType(types, spec.GetProperty("lang_error"));
        foreach (var message in spec.GetProperty("messages").EnumerateArray())
        {
            Assert.Contains(message.GetProperty("mutates").ValueKind, (JsonValueKind[])[JsonValueKind.True, JsonValueKind.False]);
        }

        foreach (var entry in Entries(metadata))
        {
            AssertType(types, entry.GetProperty("returnType"));
            foreach (var arg in entry.GetProperty("args").EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(arg.GetProperty("label").GetString()));
                AssertType(types, arg.GetProperty("type"));
            }
        }
    }

    [Fact]
    public void TokenMetadata_DescribesArgumentsMutabilityAndErrors()
    {
        using var metadata = ExampleBuild.Metadata("token");
        var root = metadata.RootElement;
        var types = root.GetProperty("types");
        var transfer = Message(root, "transfer");
        var balanceOf = Message(root, "balance_of");

        Assert.True(transfer.GetProperty("mutates").GetBoolean());
        Assert.False(balanceOf.GetProperty("mutates").GetBoolean());
        var args = transfer.GetProperty("args");
        Assert.Equal("to", args[0].GetProperty("label").GetString());
        Assert.Equal(["ink_primitives", "types", "AccountId"], Type(types, args[0]).GetProperty("path").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal("u128", Type(types, args[1]).GetProperty("def").GetProperty("primitive").GetString());

        // Result<Result<u128, TokenError>, LangError>, as ink! describes a fallible message.
        var outer = Variants(types, balanceOf.GetProperty("returnType").GetProperty("type").GetInt32());
        Assert.Equal("Ok", outer[0].GetProperty("name").GetString());
        var inner = Variants(types, outer[0].GetProperty("fields")[0].GetProperty("type").GetInt32());
        Assert.Equal("u128", types[inner[0].GetProperty("fields")[0].GetProperty("type").GetInt32()].GetProperty("type").GetProperty("def").GetProperty("primitive").GetString());
        var errors = Variants(types, inner[1].GetProperty("fields")[0].GetProperty("type").GetInt32());
        Assert.Equal(["InsufficientBalance", "InsufficientAllowance", "NotAuthorized"], errors.Select(e => e.GetProperty("name").GetString()!));
        Assert.Equal(["CouldNotReadInput"], Variants(types, outer[1].GetProperty("fields")[0].GetProperty("type").GetInt32()).Select(e => e.GetProperty("name").GetString()!));
        Assert.Equal(["The balance of `owner`; only `owner` may ask."], balanceOf.GetProperty("docs").EnumerateArray().Select(d => d.GetString()!));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Metadata_NamesTheBuiltCode_AndTheBundleCarriesIt(string name)
    {
        using var metadata = ExampleBuild.Metadata(name);
        using var bundle = JsonDocument.Parse(File.ReadAllBytes(ExampleBuild.PathOf(name, "contract")));
        var code = ExampleBuild.Code(name);

        Assert.Equal(ExampleBuild.Load(name).Hash.ToString(), metadata.RootElement.GetProperty("source").GetProperty("hash").GetString());
        Assert.Equal("0x" + Convert.ToHexStringLower(code), bundle.RootElement.GetProperty("source").GetProperty("wasm").GetString());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Code_ImportsBoundedMemory_AndLoadsUnderVeilLimits(string name)
    {
        var code = ExampleBuild.Load(name);

        Assert.InRange(code.MemoryMaximum, 1, WasmLimits.Default.MaxMemoryPages);
        Assert.InRange(ExampleBuild.Code(name).Length, 1, 16 * 1024);
    }

    private static IEnumerable<JsonElement> Entries(JsonDocument metadata)
    {
        var spec = metadata.RootElement.GetProperty("spec");
        return spec.GetProperty("constructors").EnumerateArray().Concat(spec.GetProperty("messages").EnumerateArray());
    }

    private static JsonElement Message(JsonElement root, string label)
        => root.GetProperty("spec").GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("label").GetString() == label);

    private static JsonElement Type(JsonElement types, JsonElement arg) => types[arg.GetProperty("type").GetProperty("type").GetInt32()].GetProperty("type");

    private static JsonElement[] Variants(JsonElement types, int id)
        => [.. types[id].GetProperty("type").GetProperty("def").GetProperty("variant").GetProperty("variants").EnumerateArray()];

    private static void AssertType(JsonElement types, JsonElement reference)
    {
        Assert.InRange(reference.GetProperty("type").GetInt32(), 0, types.GetArrayLength() - 1);
        Assert.NotEqual(0, reference.GetProperty("displayName").GetArrayLength());
    }
}
