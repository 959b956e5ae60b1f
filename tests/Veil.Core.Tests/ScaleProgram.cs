using CsCheck;
using Veil.Core.Scale;

namespace Veil.Core.Tests;

/// <summary>
/// A random sequence of typed SCALE values: written with <see cref="ScaleWriter"/>, read back with
/// <see cref="ScaleReader"/> by the same sequence of types. Drives the round-trip and fuzz properties.
/// </summary>
internal static class ScaleProgram
{
    public const int VariantCount = 7;

    public enum Op
    {
        U8, I8, Bool, U16, I16, U32, I32, U64, I64, U128, I128,
        Compact, CompactU64, Bytes, Text, Hash, Account, OptionTag, OptionBool, ResultTag, Variant,
    }

    /// <summary>One value; <c>Bits</c> holds integers as their unsigned two's-complement bits.</summary>
    public sealed record Value(Op Op, UInt128 Bits, byte[] Bytes, string Text)
    {
        public override string ToString() => $"{Op}({Bits}, {Hex.Encode(Bytes)}, \"{Text}\")";
    }

    private static readonly Gen<UInt128> AnyBits = Gen.ULong.Select(Gen.ULong, (hi, lo) => new UInt128(hi, lo));

    /// <summary>Values spread over every compact mode: pick a bit length first, then a value of that length.</summary>
    public static readonly Gen<UInt128> CompactValue = Gen.Int[0, 128].Select(AnyBits, (bits, v) => bits == 128 ? v : v & ((UInt128.One << bits) - 1));

    private static readonly Gen<string> UnicodeText = Gen.Char['\0', '\uD7FF'].Array[0, 24].Select(chars => new string(chars));

    public static readonly Gen<Op> AnyOp = Gen.Enum<Op>();

    public static readonly Gen<Value> AnyValue = AnyOp.SelectMany(ValueOf);

    public static readonly Gen<Value[]> AnyProgram = AnyValue.Array[0, 12];

    public static Gen<Value> ValueOf(Op op) => op switch
    {
        Op.U8 or Op.I8 => Gen.Byte.Select(b => Number(op, b)),
        Op.Bool or Op.OptionTag or Op.ResultTag => Gen.Bool.Select(b => Number(op, b ? 1u : 0u)),
        Op.OptionBool => Gen.Int[0, 2].Select(i => Number(op, (uint)i)),
        Op.Variant => Gen.Int[0, VariantCount - 1].Select(i => Number(op, (uint)i)),
        Op.U16 or Op.I16 => Gen.UShort.Select(v => Number(op, v)),
        Op.U32 or Op.I32 => Gen.UInt.Select(v => Number(op, v)),
        Op.U64 or Op.I64 => Gen.ULong.Select(v => Number(op, v)),
        Op.U128 or Op.I128 => AnyBits.Select(v => Number(op, v)),
        Op.Compact => CompactValue.Select(v => Number(op, v)),
        Op.CompactU64 => CompactValue.Select(v => Number(op, (ulong)v)),
        Op.Bytes => Gen.Byte.Array[0, 80].Select(b => new Value(op, 0, b, string.Empty)),
        Op.Text => UnicodeText.Select(t => new Value(op, 0, [], t)),
        Op.Hash or Op.Account => Gen.Byte.Array[32].Select(b => new Value(op, 0, b, string.Empty)),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static byte[] Encode(IEnumerable<Value> program)
    {
        var writer = new ScaleWriter(16);
        try
        {
            foreach (var value in program)
            {
                Write(ref writer, value);
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static void Write(ref ScaleWriter writer, Value value)
    {
        var bits = value.Bits;
        switch (value.Op)
        {
            case Op.U8: writer.WriteU8((byte)bits); break;
            case Op.I8: writer.WriteI8((sbyte)(byte)bits); break;
            case Op.Bool: writer.WriteBool(bits == 1); break;
            case Op.U16: writer.WriteU16((ushort)bits); break;
            case Op.I16: writer.WriteI16((short)(ushort)bits); break;
            case Op.U32: writer.WriteU32((uint)bits); break;
            case Op.I32: writer.WriteI32((int)(uint)bits); break;
            case Op.U64: writer.WriteU64((ulong)bits); break;
            case Op.I64: writer.WriteI64((long)(ulong)bits); break;
            case Op.U128: writer.WriteU128(bits); break;
            case Op.I128: writer.WriteI128((Int128)bits); break;
            case Op.Compact: writer.WriteCompact(bits); break;
            case Op.CompactU64: writer.WriteCompact((ulong)bits); break;
            case Op.Bytes: writer.WriteBytes(value.Bytes); break;
            case Op.Text: writer.WriteString(value.Text); break;
            case Op.Hash: writer.WriteHash(new Hash256(value.Bytes)); break;
            case Op.Account: writer.WriteAccount(new AccountId(value.Bytes)); break;
            case Op.OptionTag: writer.WriteOptionTag(bits == 1); break;
            case Op.OptionBool: writer.WriteOptionBool(bits == 0 ? null : bits == 1); break;
            case Op.ResultTag: writer.WriteResultTag(bits == 1); break;
            case Op.Variant: writer.WriteVariant((byte)bits); break;
            default: throw new ArgumentOutOfRangeException(nameof(value));
        }
    }

    /// <summary>Reads one value of type <paramref name="op"/>; never throws, whatever the input.</summary>
    public static Value Read(ref ScaleReader reader, Op op) => op switch
    {
        Op.U8 => Number(op, reader.ReadU8()),
        Op.I8 => Number(op, (byte)reader.ReadI8()),
        Op.Bool => Number(op, reader.ReadBool() ? 1u : 0u),
        Op.U16 => Number(op, reader.ReadU16()),
        Op.I16 => Number(op, (ushort)reader.ReadI16()),
        Op.U32 => Number(op, reader.ReadU32()),
        Op.I32 => Number(op, (uint)reader.ReadI32()),
        Op.U64 => Number(op, reader.ReadU64()),
        Op.I64 => Number(op, (ulong)reader.ReadI64()),
        Op.U128 => Number(op, reader.ReadU128()),
        Op.I128 => Number(op, (UInt128)reader.ReadI128()),
        Op.Compact => Number(op, reader.ReadCompactU128()),
        Op.CompactU64 => Number(op, reader.ReadCompact()),
        Op.Bytes => new Value(op, 0, reader.ReadBytes().ToArray(), string.Empty),
        Op.Text => new Value(op, 0, [], reader.ReadString()),
        Op.Hash => new Value(op, 0, reader.ReadHash().ToArray(), string.Empty),
        Op.Account => new Value(op, 0, reader.ReadAccount().ToArray(), string.Empty),
        Op.OptionTag => Number(op, reader.ReadOptionTag() ? 1u : 0u),
        Op.OptionBool => Number(op, reader.ReadOptionBool() switch { null => 0u, true => 1u, false => 2u }),
        Op.ResultTag => Number(op, reader.ReadResultTag() ? 1u : 0u),
        Op.Variant => Number(op, reader.ReadVariant(VariantCount, "Test")),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static string Describe(Value value) => value.ToString();

    private static Value Number(Op op, UInt128 bits) => new(op, bits, [], string.Empty);
}
