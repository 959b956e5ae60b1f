using System.Buffers.Binary;
using System.Text;

namespace Veil.Core.Scale;

/// <summary>
/// SCALE decoder over untrusted bytes. It never throws: the first problem is recorded in
/// <see cref="Error"/> (with the byte offset), later reads return defaults, and the caller checks
/// once with <see cref="TryFinish"/>, which also rejects trailing bytes.
/// </summary>
public ref struct ScaleReader
{
    // Throws on invalid bytes (caught below); cached because ReadString is on the decode path.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ScaleReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        Error = null;
    }

    public string? Error { get; private set; }

    public readonly bool Failed => Error is not null;

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly ReadOnlySpan<byte> RemainingSpan => _data[_position..];

    /// <summary>Records a decoding error (the first one wins) and returns false.</summary>
    public bool Fail(string message)
    {
        Error ??= $"{message} (at byte {_position})";
        _position = _data.Length;
        return false;
    }

    /// <summary>True when decoding succeeded and consumed every byte.</summary>
    public readonly bool TryFinish(out string error)
    {
        if (Error is not null)
        {
            error = Error;
            return false;
        }

        if (_position != _data.Length)
        {
            error = $"{_data.Length - _position} unexpected trailing byte(s) after a complete value (at byte {_position})";
            return false;
        }

        error = string.Empty;
        return true;
    }

    public ReadOnlySpan<byte> ReadRaw(int count)
    {
        if (count < 0 || Remaining < count)
        {
            Fail($"input ends early: needed {count} byte(s), {Remaining} left");
            return default;
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte ReadU8()
    {
        var s = ReadRaw(1);
        return s.IsEmpty ? (byte)0 : s[0];
    }

    // unchecked: the project checks overflow, and a byte ≥ 0x80 is a valid negative i8, not an overflow.
    public sbyte ReadI8() => unchecked((sbyte)ReadU8());

    public bool ReadBool()
    {
        var b = ReadU8();
        if (b > 1)
        {
            Fail($"invalid bool byte 0x{b:x2}");
        }

        return b == 1;
    }

    public ushort ReadU16() { var s = ReadRaw(2); return s.IsEmpty ? (ushort)0 : BinaryPrimitives.ReadUInt16LittleEndian(s); }

    public short ReadI16() { var s = ReadRaw(2); return s.IsEmpty ? (short)0 : BinaryPrimitives.ReadInt16LittleEndian(s); }

    public uint ReadU32() { var s = ReadRaw(4); return s.IsEmpty ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(s); }

    public int ReadI32() { var s = ReadRaw(4); return s.IsEmpty ? 0 : BinaryPrimitives.ReadInt32LittleEndian(s); }

    public ulong ReadU64() { var s = ReadRaw(8); return s.IsEmpty ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(s); }

    public long ReadI64() { var s = ReadRaw(8); return s.IsEmpty ? 0 : BinaryPrimitives.ReadInt64LittleEndian(s); }

    public UInt128 ReadU128() { var s = ReadRaw(16); return s.IsEmpty ? 0 : BinaryPrimitives.ReadUInt128LittleEndian(s); }

    public Int128 ReadI128() { var s = ReadRaw(16); return s.IsEmpty ? 0 : BinaryPrimitives.ReadInt128LittleEndian(s); }

    /// <summary>
    /// Compact integer up to u128. Non-canonical encodings (a value written in more bytes than needed)
    /// are rejected, as parity-scale-codec does, so every value has exactly one encoding.
    /// </summary>
    public UInt128 ReadCompactU128()
    {
        if (Remaining < 1)
        {
            Fail("input ends early: expected a compact integer");
            return 0;
        }

        var first = _data[_position];
        switch (first & 0b11)
        {
            case 0b00:
                _position += 1;
                return (uint)(first >> 2);
            case 0b01:
                {
                    var v = (uint)(ReadU16() >> 2);
                    if (!Failed && v < 1u << 6) Fail("non-canonical compact integer");
                    return v;
                }
            case 0b10:
                {
                    var v = ReadU32() >> 2;
                    if (!Failed && v < 1u << 14) Fail("non-canonical compact integer");
                    return v;
                }
            default:
                {
                    var byteCount = (first >> 2) + 4;
                    if (byteCount > 16)
                    {
                        Fail($"compact integer of {byteCount} bytes exceeds u128");
                        return 0;
                    }

                    _position += 1;
                    var bytes = ReadRaw(byteCount);
                    if (Failed) return 0;
                    Span<byte> wide = stackalloc byte[16];
                    bytes.CopyTo(wide);
                    var value = BinaryPrimitives.ReadUInt128LittleEndian(wide);
                    if (bytes[^1] == 0 || value < 1u << 30) Fail("non-canonical compact integer");
                    return value;
                }
        }
    }

    public ulong ReadCompact()
    {
        var v = ReadCompactU128();
        if (v > ulong.MaxValue)
        {
            Fail("compact integer exceeds u64");
            return 0;
        }

        return (ulong)v;
    }

    /// <summary>
    /// A length prefix, checked against <paramref name="max"/> and against the bytes left
    /// (each item is at least <paramref name="minItemSize"/> bytes), so a forged length cannot make
    /// the caller allocate gigabytes.
    /// </summary>
    public int ReadLength(int max, int minItemSize = 1)
    {
        var n = ReadCompact();
        if (Failed) return 0;
        if (n > (ulong)max)
        {
            Fail($"length {n} exceeds the limit of {max}");
            return 0;
        }

        if (minItemSize > 0 && n * (ulong)minItemSize > (ulong)Remaining)
        {
            Fail($"length {n} is longer than the {Remaining} byte(s) left");
            return 0;
        }

        return (int)n;
    }

    /// <summary>A <c>Vec&lt;u8&gt;</c> (compact length then bytes), returned without copying.</summary>
    public ReadOnlySpan<byte> ReadBytes(int max = int.MaxValue)
    {
        var n = ReadLength(max);
        return Failed ? default : ReadRaw(n);
    }

    public string ReadString(int maxBytes = 1 << 20)
    {
        var bytes = ReadBytes(maxBytes);
        if (Failed) return string.Empty;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Fail("string is not valid UTF-8");
            return string.Empty;
        }
    }

    public Hash256 ReadHash()
    {
        var s = ReadRaw(Hash256.Size);
        return s.IsEmpty ? default : new Hash256(s);
    }

    public AccountId ReadAccount()
    {
        var s = ReadRaw(AccountId.Size);
        return s.IsEmpty ? default : new AccountId(s);
    }

    /// <summary>Reads an Option tag: true when a value follows.</summary>
    public bool ReadOptionTag()
    {
        var b = ReadU8();
        if (b > 1)
        {
            Fail($"invalid Option tag 0x{b:x2}");
        }

        return b == 1;
    }

    public bool? ReadOptionBool()
    {
        var b = ReadU8();
        switch (b)
        {
            case 0: return null;
            case 1: return true;
            case 2: return false;
            default:
                Fail($"invalid Option<bool> byte 0x{b:x2}");
                return null;
        }
    }

    /// <summary>Reads a Result tag: true for Ok, false for Err.</summary>
    public bool ReadResultTag()
    {
        var b = ReadU8();
        if (b > 1)
        {
            Fail($"invalid Result tag 0x{b:x2}");
        }

        return b == 0;
    }

    /// <summary>Reads an enum variant index and checks it is below <paramref name="variantCount"/>.</summary>
    public byte ReadVariant(int variantCount, string enumName)
    {
        var b = ReadU8();
        if (!Failed && b >= variantCount)
        {
            Fail($"unknown {enumName} variant {b}");
        }

        return b;
    }
}
