using CsCheck;
using Veil.Core.Scale;

namespace Veil.Core.Tests;

public class ScalePropertyTests
{
    private const int Iterations = 2000;

    [Fact]
    public void ReadProgram_ReturnsWrittenValues_WhenInputIsComplete()
    {
        ScaleProgram.AnyProgram.Sample(program =>
        {
            var encoded = ScaleProgram.Encode(program);
            var reader = new ScaleReader(encoded);
            foreach (var expected in program)
            {
                Assert.Equal(ScaleProgram.Describe(expected), ScaleProgram.Describe(ScaleProgram.Read(ref reader, expected.Op)));
            }

            Assert.True(reader.TryFinish(out var error), error);
        }, iter: Iterations);
    }

    [Fact]
    public void Read_RoundTripsEveryType_WhenValueIsAlone()
    {
        foreach (var op in Enum.GetValues<ScaleProgram.Op>())
        {
            ScaleProgram.ValueOf(op).Sample(value =>
            {
                var reader = new ScaleReader(ScaleProgram.Encode([value]));
                Assert.Equal(ScaleProgram.Describe(value), ScaleProgram.Describe(ScaleProgram.Read(ref reader, op)));
                Assert.True(reader.TryFinish(out var error), error);
            }, iter: 200);
        }
    }

    [Fact]
    public void TryFinish_ReportsError_WhenInputIsTruncated()
    {
        ScaleProgram.AnyProgram.Where(p => p.Length > 0).Select(Gen.Int).Sample((program, cut) =>
        {
            var encoded = ScaleProgram.Encode(program);
            var truncated = encoded.AsSpan(0, (int)((uint)cut % (uint)encoded.Length));
            var reader = new ScaleReader(truncated);
            foreach (var value in program)
            {
                ScaleProgram.Read(ref reader, value.Op);
            }

            Assert.False(reader.TryFinish(out var error));
            Assert.Contains("(at byte", error, StringComparison.Ordinal);
        }, iter: Iterations);
    }

    [Fact]
    public void TryFinish_RejectsTrailingBytes_WhenValuesAreComplete()
    {
        ScaleProgram.AnyProgram.Select(Gen.Byte.Array[1, 8]).Sample((program, extra) =>
        {
            var encoded = ScaleProgram.Encode(program).Concat(extra).ToArray();
            var reader = new ScaleReader(encoded);
            foreach (var value in program)
            {
                ScaleProgram.Read(ref reader, value.Op);
            }

            Assert.False(reader.Failed);
            Assert.False(reader.TryFinish(out var error));
            Assert.Contains($"{extra.Length} unexpected trailing byte(s)", error, StringComparison.Ordinal);
        }, iter: Iterations);
    }

    [Fact]
    public void Read_NeverThrows_WhenInputIsRandomBytes()
    {
        ScaleProgram.AnyOp.Array[1, 16].Select(Gen.Byte.Array[0, 64]).Sample((ops, bytes) =>
        {
            var reader = new ScaleReader(bytes);
            foreach (var op in ops)
            {
                ScaleProgram.Read(ref reader, op);
            }

            var ok = reader.TryFinish(out var error);
            Assert.True(ok || error.Length > 0);
            Assert.True(reader.Position <= bytes.Length);
        }, iter: 20_000);
    }

    [Fact]
    public void Read_KeepsFirstError_WhenLaterReadsAlsoFail()
    {
        var reader = new ScaleReader([0x05]);

        reader.ReadBool();
        reader.ReadU64();

        Assert.Equal("invalid bool byte 0x05 (at byte 1)", reader.Error);
    }

    [Fact]
    public void ReadCompact_RejectsEncoding_WhenValueFitsASmallerMode()
    {
        ScaleProgram.CompactValue.Where(v => v < uint.MaxValue).Sample(value =>
        {
            var minimal = ScaleGoldenTests.Encode((ref ScaleWriter w) => w.WriteCompact(value));
            foreach (var longer in LongerEncodings(value))
            {
                var reader = new ScaleReader(longer);
                reader.ReadCompactU128();
                Assert.False(reader.TryFinish(out var error), $"{Hex.Encode(longer)} (minimal {minimal}) was accepted");
                Assert.Contains("non-canonical", error, StringComparison.Ordinal);
            }
        }, iter: Iterations);
    }

    [Theory]
    [InlineData("0x0100")] // 0 in two-byte mode
    [InlineData("0xfd00")] // 63 in two-byte mode
    [InlineData("0x02000000")] // 0 in four-byte mode
    [InlineData("0xfeff0000")] // 16383 in four-byte mode
    [InlineData("0x03ffffff3f")] // 2^30 - 1 in big mode
    [InlineData("0x07ffffffff00")] // 2^32 - 1 in five bytes (top byte zero)
    [InlineData("0x33ffffffffffffffffffffffffffffff00")] // top byte zero at 16 bytes
    public void ReadCompact_RejectsNonCanonicalEncoding_WhenGivenSpecCounterexample(string hex)
    {
        var reader = new ScaleReader(Hex.Decode(hex));

        reader.ReadCompactU128();

        Assert.False(reader.TryFinish(out var error));
        Assert.Contains("non-canonical compact integer", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x37ffffffffffffffffffffffffffffffffff", "exceeds u128")] // 17 bytes
    [InlineData("0xff", "exceeds u128")]
    [InlineData("0x17000000000000000001", "exceeds u64")] // 2^64: a fine u128, too big for u64
    public void ReadCompact_RejectsValue_WhenItExceedsTheType(string hex, string message)
    {
        var reader = new ScaleReader(Hex.Decode(hex));

        reader.ReadCompact();

        Assert.False(reader.TryFinish(out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLength_Fails_WhenLengthExceedsRemainingBytesOrLimit()
    {
        var forged = new ScaleReader(Hex.Decode("0x03ffffffff")); // 4 billion items, no data
        forged.ReadLength(int.MaxValue);
        Assert.Contains("exceeds the limit", forged.Error, StringComparison.Ordinal);

        var short_ = new ScaleReader(Hex.Decode("0x280102")); // 10 items of 2+ bytes, 2 bytes left
        short_.ReadLength(100, minItemSize: 2);
        Assert.Contains("longer than the 2 byte(s) left", short_.Error, StringComparison.Ordinal);

        var limited = new ScaleReader(Hex.Decode("0x0c010203"));
        limited.ReadBytes(max: 2);
        Assert.Contains("exceeds the limit of 2", limited.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_Fails_WhenBytesAreNotUtf8()
    {
        var reader = new ScaleReader(Hex.Decode("0x08c328"));

        Assert.Equal(string.Empty, reader.ReadString());
        Assert.False(reader.TryFinish(out var error));
        Assert.Contains("not valid UTF-8", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x02")]
    [InlineData("0xff")]
    public void ReadBoolAndTags_Fail_WhenByteIsOutOfRange(string hex)
    {
        var bytes = Hex.Decode(hex);
        var boolean = new ScaleReader(bytes);
        boolean.ReadBool();
        var option = new ScaleReader(bytes);
        option.ReadOptionTag();
        var result = new ScaleReader(bytes);
        result.ReadResultTag();

        Assert.Contains("invalid bool", boolean.Error, StringComparison.Ordinal);
        Assert.Contains("invalid Option tag", option.Error, StringComparison.Ordinal);
        Assert.Contains("invalid Result tag", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOptionBool_Fails_WhenByteIsAboveTwo()
    {
        var reader = new ScaleReader([3]);

        Assert.Null(reader.ReadOptionBool());
        Assert.Contains("invalid Option<bool> byte 0x03", reader.Error, StringComparison.Ordinal);
    }

    /// <summary>Every strictly longer compact encoding of <paramref name="value"/> that its mode bits allow.</summary>
    private static IEnumerable<byte[]> LongerEncodings(UInt128 value)
    {
        if (value < 1u << 6)
        {
            yield return BitConverter.GetBytes((ushort)(((uint)value << 2) | 0b01));
        }

        if (value < 1u << 14)
        {
            yield return BitConverter.GetBytes(((uint)value << 2) | 0b10);
        }

        if (value < 1u << 30)
        {
            yield return [0b11, .. BitConverter.GetBytes((uint)value)];
        }

        // Big mode with one zero byte too many (5..16 bytes).
        var natural = value < 1u << 30 ? 4 : 16 - ((int)UInt128.LeadingZeroCount(value) / 8);
        if (natural < 16)
        {
            var bytes = new byte[natural + 1];
            for (var i = 0; i < natural; i++)
            {
                bytes[i] = (byte)(value >> (8 * i));
            }

            yield return [(byte)(((natural + 1 - 4) << 2) | 0b11), .. bytes];
        }
    }
}
