using System.Globalization;
using CsCheck;
using Veil.Core.Hashing;
using Veil.Core.Scale;

namespace Veil.Core.Tests;

/// <summary>Veil.Core's encodings against polkadot.js (tests/compat/scripts/scale-codec.mjs).</summary>
public class PolkadotJsCompatTests
{
    [Fact]
    public async Task WriteCompact_MatchesPolkadotJs_WhenGivenBoundaryAndRandomValues()
    {
        var values = new List<UInt128>();
        for (var bits = 0; bits <= 128; bits++)
        {
            var power = bits == 128 ? UInt128.MaxValue : (UInt128.One << bits);
            values.Add(power);
            values.Add(power - 1);
        }

        values.AddRange(ScaleProgram.CompactValue.Array[100].Single());

        var result = await NodeReference.RunAsync("scale-codec.mjs", new { compacts = values.Select(v => v.ToString(CultureInfo.InvariantCulture)) });

        var expected = result.GetProperty("compacts").EnumerateArray().Select(e => e.GetString()).ToArray();
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            Assert.True(expected[i] == ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteCompact(value)), $"compact {value}");
        }
    }

    [Fact]
    public async Task Encode_MatchesPolkadotJsTypes_WhenGivenVectorsStringsAndOptions()
    {
        var vector = Gen.UShort.Array[0, 70].Single();
        var text = "Veil ✓ " + new string('x', 70);
        var bytes = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var cases = new (string Type, object? Value, string Veil)[]
        {
            ("Vec<u16>", vector, ScaleGoldenTests.Encode((ref ScaleWriter w) =>
            {
                w.WriteLength(vector.Length);
                foreach (var v in vector)
                {
                    w.WriteU16(v);
                }
            })),
            ("Text", text, ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteString(text))),
            ("Bytes", Hex.Encode(bytes), ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteBytes(bytes))),
            ("Option<u32>", null, ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteOptionTag(false))),
            ("Option<u32>", 5, ScaleGoldenTests.Encode((ref ScaleWriter w) =>
            {
                w.WriteOptionTag(true);
                w.WriteU32(5);
            })),
            ("OptionBool", false, ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteOptionBool(false))),
            ("OptionBool", true, ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteOptionBool(true))),
            ("(Compact<u32>, bool)", new object[] { 3, false }, "0x0c00"),
            ("Result<u8, bool>", new { Err = false }, ScaleGoldenTests.Encode((ref ScaleWriter w) =>
            {
                w.WriteResultTag(false);
                w.WriteBool(false);
            })),
            ("i128", "-170141183460469231731687303715884105728n", ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteI128(Int128.MinValue))),
            ("u64", "18446744073709551615n", ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteU64(ulong.MaxValue))),
            ("i16", -2, ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteI16(-2))),
            ("Vec<Text>", new[] { "a", "bc" }, ScaleGoldenTests.Encode((ref ScaleWriter w) =>
            {
                w.WriteLength(2);
                w.WriteString("a");
                w.WriteString("bc");
            })),
        };

        var result = await NodeReference.RunAsync("scale-codec.mjs", new { types = cases.Select(c => new { type = c.Type, value = c.Value }) });

        var expected = result.GetProperty("types").EnumerateArray().Select(e => e.GetString()).ToArray();
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True(expected[i] == cases[i].Veil, $"{cases[i].Type}: polkadot.js {expected[i]}, Veil {cases[i].Veil}");
        }
    }

    [Fact]
    public async Task Ss58_MatchesPolkadotJs_WhenEncodingAndDecodingAcrossPrefixes()
    {
        ushort[] prefixes = [0, 1, 2, 42, 63, 64, 65, 255, 256, 1000, 4095, 16383];
        var keys = Gen.Byte.Array[32].Array[prefixes.Length].Single();
        var input = prefixes.Select((p, i) => new { publicKey = Hex.Encode(keys[i]), prefix = (int)p }).ToArray();

        var result = await NodeReference.RunAsync("scale-codec.mjs", new { addresses = input });

        var addresses = result.GetProperty("addresses").EnumerateArray().Select(e => e.GetString()!).ToArray();
        for (var i = 0; i < prefixes.Length; i++)
        {
            Assert.Equal(addresses[i], Ss58.Encode(keys[i], prefixes[i]));
            Assert.True(Ss58.TryDecode(addresses[i], out var account, out var prefix, out var error), error);
            Assert.Equal(prefixes[i], prefix);
            Assert.Equal(keys[i], account.ToArray());
        }
    }

    [Fact]
    public async Task Hashes_MatchPolkadotJs_WhenGivenRandomInputs()
    {
        var inputs = Gen.Byte.Array[0, 300].Array[20].Single().Prepend([]).ToArray();
        string[] names = ["System", "Account", "Balances", "Timestamp", "Now", "Veil", string.Empty];

        var result = await NodeReference.RunAsync("scale-codec.mjs", new { hashes = inputs.Select(b => Hex.Encode(b)), twox = names });

        var blake2 = result.GetProperty("blake2").EnumerateArray().ToArray();
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(blake2[i].GetProperty("b128").GetString(), Hex.Encode(Blake2b.Hash128(inputs[i])));
            Assert.Equal(blake2[i].GetProperty("b256").GetString(), Blake2b.Hash256(inputs[i]).ToString());
            var b512 = new byte[64];
            Blake2b.Hash512(inputs[i], b512);
            Assert.Equal(blake2[i].GetProperty("b512").GetString(), Hex.Encode(b512));
        }

        var twox = result.GetProperty("twox128").EnumerateArray().Select(e => e.GetString()).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(twox[i], Hex.Encode(TwoX.Twox128(names[i])));
        }
    }
}
