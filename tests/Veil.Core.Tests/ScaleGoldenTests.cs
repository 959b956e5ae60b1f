using Veil.Core.Scale;

namespace Veil.Core.Tests;

/// <summary>Examples from the SCALE specification (docs.substrate.io, parity-scale-codec README).</summary>
public class ScaleGoldenTests
{
    public static TheoryData<string, string> Compacts => new()
    {
        { "0", "0x00" },
        { "1", "0x04" },
        { "42", "0xa8" },
        { "63", "0xfc" },
        { "64", "0x0101" },
        { "69", "0x1501" },
        { "16383", "0xfdff" },
        { "16384", "0x02000100" },
        { "65535", "0xfeff0300" },
        { "1073741823", "0xfeffffff" },
        { "1073741824", "0x0300000040" },
        { "4294967295", "0x03ffffffff" },
        { "4294967296", "0x070000000001" },
        { "100000000000000", "0x0b00407a10f35a" },
        { "18446744073709551615", "0x13ffffffffffffffff" },
        { "340282366920938463463374607431768211455", "0x33ffffffffffffffffffffffffffffffff" },
    };

    [Theory]
    [MemberData(nameof(Compacts))]
    public void WriteCompact_MatchesSpec_WhenGivenExampleValue(string value, string expected)
    {
        var number = UInt128.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, Encode((ref ScaleWriter w) => w.WriteCompact(number)));
        var reader = new ScaleReader(Hex.Decode(expected));
        Assert.Equal(number, reader.ReadCompactU128());
        Assert.True(reader.TryFinish(out var error), error);
    }

    [Fact]
    public void WriteFixedIntegers_MatchSpec_WhenGivenExamples()
    {
        Assert.Equal("0x45", Encode((ref ScaleWriter w) => w.WriteI8(69)));
        Assert.Equal("0x2a00", Encode((ref ScaleWriter w) => w.WriteU16(42)));
        Assert.Equal("0xffffff00", Encode((ref ScaleWriter w) => w.WriteU32(16777215)));
        Assert.Equal("0xfeffffff", Encode((ref ScaleWriter w) => w.WriteI32(-2)));
        Assert.Equal("0x0100000000000000", Encode((ref ScaleWriter w) => w.WriteU64(1)));
        Assert.Equal("0xffffffffffffffffffffffffffffff7f", Encode((ref ScaleWriter w) => w.WriteI128(Int128.MaxValue)));
        Assert.Equal("0x00000000000000000000000000000080", Encode((ref ScaleWriter w) => w.WriteI128(Int128.MinValue)));
        Assert.Equal("0xffffffffffffffffffffffffffffffff", Encode((ref ScaleWriter w) => w.WriteU128(UInt128.MaxValue)));
    }

    [Fact]
    public void I8_RoundTripsNegativeValues_WhenOverflowChecksAreOn()
    {
        // Regression: Veil.Core builds with CheckForOverflowUnderflow, and the sbyte/byte casts threw
        // OverflowException for negative values (found by the random-bytes fuzz test).
        Assert.Equal("0xff", Encode((ref ScaleWriter w) => w.WriteI8(-1)));
        Assert.Equal("0x80", Encode((ref ScaleWriter w) => w.WriteI8(sbyte.MinValue)));
        var reader = new ScaleReader([0x80, 0xff]);
        Assert.Equal(sbyte.MinValue, reader.ReadI8());
        Assert.Equal(-1, reader.ReadI8());
        Assert.True(reader.TryFinish(out _));
    }

    [Fact]
    public void WriteBoolAndOptions_MatchSpec_WhenGivenExamples()
    {
        Assert.Equal("0x00", Encode((ref ScaleWriter w) => w.WriteBool(false)));
        Assert.Equal("0x01", Encode((ref ScaleWriter w) => w.WriteBool(true)));

        // Option<u32>: None, Some(5).
        Assert.Equal("0x00", Encode((ref ScaleWriter w) => w.WriteOptionTag(false)));
        Assert.Equal("0x0105000000", Encode((ref ScaleWriter w) =>
        {
            w.WriteOptionTag(true);
            w.WriteU32(5);
        }));

        // Option<bool> is a single byte: None, Some(true), Some(false).
        Assert.Equal("0x00", Encode((ref ScaleWriter w) => w.WriteOptionBool(null)));
        Assert.Equal("0x01", Encode((ref ScaleWriter w) => w.WriteOptionBool(true)));
        Assert.Equal("0x02", Encode((ref ScaleWriter w) => w.WriteOptionBool(false)));
    }

    [Fact]
    public void WriteResult_MatchesSpec_WhenGivenReadmeExample()
    {
        // Result<u8, bool>: Ok(42) and Err(false).
        Assert.Equal("0x002a", Encode((ref ScaleWriter w) =>
        {
            w.WriteResultTag(true);
            w.WriteU8(42);
        }));
        Assert.Equal("0x0100", Encode((ref ScaleWriter w) =>
        {
            w.WriteResultTag(false);
            w.WriteBool(false);
        }));

        var reader = new ScaleReader(Hex.Decode("0x0100"));
        Assert.False(reader.ReadResultTag());
        Assert.False(reader.ReadBool());
        Assert.True(reader.TryFinish(out _));
    }

    [Fact]
    public void WriteVecAndString_MatchSpec_WhenGivenExamples()
    {
        // Vec<u16> [4, 8, 15, 16, 23, 42].
        ushort[] items = [4, 8, 15, 16, 23, 42];
        Assert.Equal("0x18040008000f00100017002a00", Encode((ref ScaleWriter w) =>
        {
            w.WriteLength(items.Length);
            foreach (var item in items)
            {
                w.WriteU16(item);
            }
        }));

        Assert.Equal("0x1448656c6c6f", Encode((ref ScaleWriter w) => w.WriteString("Hello")));
        Assert.Equal("0x00", Encode((ref ScaleWriter w) => w.WriteString(string.Empty)));
        Assert.Equal("0x0c010203", Encode((ref ScaleWriter w) => w.WriteBytes([1, 2, 3])));
    }

    [Fact]
    public void WriteTuple_MatchesSpec_WhenGivenReadmeExample()
    {
        // (Compact<u32>, bool) = (3, false); tuples and structs are their fields in order.
        Assert.Equal("0x0c00", Encode((ref ScaleWriter w) =>
        {
            w.WriteCompact(3UL);
            w.WriteBool(false);
        }));

        // (u32, u64) = (1, 2): fixed-width fields, little-endian, no padding.
        Assert.Equal("0x010000000200000000000000", Encode((ref ScaleWriter w) =>
        {
            w.WriteU32(1);
            w.WriteU64(2);
        }));
    }

    [Fact]
    public void WriteVariant_IsIndexThenFields_WhenEncodingEnum()
    {
        // enum IntOrBool { Int(u8), Bool(bool) }: Int(42) = 0x002a, Bool(true) = 0x0101.
        Assert.Equal("0x002a", Encode((ref ScaleWriter w) =>
        {
            w.WriteVariant(0);
            w.WriteU8(42);
        }));
        Assert.Equal("0x0101", Encode((ref ScaleWriter w) =>
        {
            w.WriteVariant(1);
            w.WriteBool(true);
        }));

        var reader = new ScaleReader([2]);
        reader.ReadVariant(2, "IntOrBool");
        Assert.False(reader.TryFinish(out var error));
        Assert.Contains("unknown IntOrBool variant 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ScaleWriter_SpillsToPool_WhenCallerBufferIsTooSmall()
    {
        var writer = new ScaleWriter(stackalloc byte[4]);
        try
        {
            for (var i = 0; i < 100; i++)
            {
                writer.WriteU32((uint)i);
            }

            Assert.Equal(400, writer.Length);
            var reader = new ScaleReader(writer.WrittenSpan);
            for (var i = 0; i < 100; i++)
            {
                Assert.Equal((uint)i, reader.ReadU32());
            }

            Assert.True(reader.TryFinish(out _));
        }
        finally
        {
            writer.Dispose();
        }
    }

    internal delegate void WriteAction(ref ScaleWriter writer);

    internal static string Encode(WriteAction write)
    {
        var writer = new ScaleWriter(8);
        try
        {
            write(ref writer);
            return Hex.Encode(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
