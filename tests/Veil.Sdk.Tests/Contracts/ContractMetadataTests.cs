using System.Buffers.Binary;
using System.Text.Json;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto.Derivation;
using Veil.Sdk.Contracts;

namespace Veil.Sdk.Tests.Contracts;

public class ContractMetadataTests
{
    private static readonly AccountId Bob = KeyDerivation.FromUri("//Bob").PublicKey;

    // A registry with the shapes the SDK and ink! emit, beyond what the token example uses.
    private const string Registry = """
        {
          "version": 5,
          "contract": { "name": "shapes" },
          "spec": {
            "constructors": [ { "label": "new", "selector": "0x9bae9d5e", "args": [], "returnType": { "type": 6 } } ],
            "messages": [
              { "label": "set", "selector": "0x01020304", "mutates": true, "returnType": { "type": 6 },
                "args": [
                  { "label": "flag", "type": { "type": 0 } },
                  { "label": "name", "type": { "type": 1 } },
                  { "label": "data", "type": { "type": 3 } },
                  { "label": "limit", "type": { "type": 4 } },
                  { "label": "count", "type": { "type": 5 } },
                  { "label": "delta", "type": { "type": 7 } }
                ] }
            ]
          },
          "types": [
            { "id": 0, "type": { "def": { "primitive": "bool" } } },
            { "id": 1, "type": { "def": { "primitive": "str" } } },
            { "id": 2, "type": { "def": { "primitive": "u8" } } },
            { "id": 3, "type": { "def": { "sequence": { "type": 2 } } } },
            { "id": 4, "type": { "def": { "variant": { "variants": [ { "index": 0, "name": "None" }, { "index": 1, "name": "Some", "fields": [ { "type": 8 } ] } ] } }, "path": ["Option"] } },
            { "id": 5, "type": { "def": { "compact": { "type": 8 } } } },
            { "id": 6, "type": { "def": { "tuple": [] } } },
            { "id": 7, "type": { "def": { "primitive": "i32" } } },
            { "id": 8, "type": { "def": { "primitive": "u32" } } }
          ]
        }
        """;

    [Fact]
    public void EncodeCall_WritesSelectorThenScaleArgs_ForTheTokenTransfer()
    {
        var token = Token();

        var input = token.EncodeCall(token.Message("transfer"), Json("[\"//Bob\", 10]"));

        Assert.Equal([.. Selector("transfer"), .. Bob.ToArray(), .. U128(10)], input);
    }

    [Theory]
    [InlineData("uri")]
    [InlineData("ss58")]
    [InlineData("hex")]
    public void EncodeCall_AcceptsAnAccountAsDevUriSs58OrHex(string form)
    {
        var token = Token();
        var account = form switch
        {
            "uri" => "\"//Bob\"",
            "ss58" => $"\"{Bob.ToSs58()}\"",
            _ => $"\"{Hex.Encode(Bob.ToArray())}\"",
        };

        var input = token.EncodeCall(token.Message("balance_of"), Json($"[{account}]"));

        Assert.Equal([.. Selector("balance_of"), .. Bob.ToArray()], input);
    }

    [Theory]
    [InlineData("transfer", "[\"//Bob\"]", "takes 2 argument(s) (to, value), 1 given")]
    [InlineData("transfer", "[\"//Bob\", -1]", "argument 'value': -1 does not fit a u128")]
    [InlineData("transfer", "[\"//Bob\", \"340282366920938463463374607431768211456\"]", "does not fit a u128")]
    [InlineData("transfer", "[\"nobody\", 1]", "argument 'to':")]
    [InlineData("mint", "[]", "no message 'mint' (known: total_supply, balance_of")]
    public void EncodeCall_NamesTheProblem_WhenTheInputDoesNotFit(string message, string args, string expected)
    {
        var token = Token();

        var error = Assert.ThrowsAny<ArgumentException>(() => token.EncodeCall(token.Message(message), Json(args)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_ReadsAnswersAndRevertsByTheReturnType()
    {
        var token = Token();
        var returnType = token.Message("balance_of").ReturnType!.Value;

        Assert.True(token.TryDecode(returnType, [0, 0, .. U128(250)], out var ok, out var error), error);
        Assert.Equal("{\"Ok\":{\"Ok\":250}}", ok!.ToJsonString());
        Assert.True(token.TryDecode(returnType, [0, 1, 2], out var refused, out error), error);
        Assert.Equal("{\"Ok\":{\"Err\":\"NotAuthorized\"}}", refused!.ToJsonString());
        Assert.False(token.TryDecode(returnType, [0, 0, 1], out _, out _));
    }

    [Fact]
    public void EncodeCall_HandlesBoolStringBytesOptionCompactAndSigned()
    {
        var shapes = ContractMetadata.Parse(Registry);

        var input = shapes.EncodeCall(shapes.Message("set"), Json("[true, \"hi\", \"0x0a0b\", 7, 300, -2]"));
        var none = shapes.EncodeCall(shapes.Message("set"), Json("[false, \"\", \"0x\", null, 0, 0]"));

        Assert.Equal(
            [1, 2, 3, 4, 1, 8, (byte)'h', (byte)'i', 8, 0x0a, 0x0b, 1, 7, 0, 0, 0, 0xb1, 0x04, 0xfe, 0xff, 0xff, 0xff],
            input);
        Assert.Equal([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0], none);
    }

    private static ContractMetadata Token()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Veil.slnx")))
            {
                return ContractMetadata.Parse(File.ReadAllText(Path.Combine(dir.FullName, "sdk", "assemblyscript", "build", "token.json")));
            }
        }

        throw new InvalidOperationException("no Veil.slnx above the test directory");
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static byte[] Selector(string label) => Blake2b.Hash256(System.Text.Encoding.UTF8.GetBytes(label)).ToArray()[..4];

    private static byte[] U128(UInt128 value)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return bytes;
    }
}
