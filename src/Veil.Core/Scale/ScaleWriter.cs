using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Veil.Core.Scale;

/// <summary>
/// SCALE encoder (Parity's codec) into a pooled, growable buffer. Call <see cref="Dispose"/> to return
/// the buffer; copy out with <see cref="ToArray"/> or read <see cref="WrittenSpan"/> before that.
/// </summary>
public ref struct ScaleWriter
{
    private byte[]? _pooled;
    private Span<byte> _buffer;
    private int _position;

    public ScaleWriter(int initialCapacity)
    {
        _pooled = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
        _buffer = _pooled;
        _position = 0;
    }

    /// <summary>Writes into caller-owned memory first; spills into a pooled buffer if it runs out.</summary>
    public ScaleWriter(Span<byte> initialBuffer)
    {
        _pooled = null;
        _buffer = initialBuffer;
        _position = 0;
    }

    public readonly int Length => _position;

    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._position];

    public readonly byte[] ToArray() => _buffer[.._position].ToArray();

    public void Dispose()
    {
        if (_pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(_pooled);
            _pooled = null;
        }

        _buffer = default;
        _position = 0;
    }

    public void Reset() => _position = 0;

    public void WriteU8(byte value) => Reserve(1)[0] = value;

    // unchecked: the project checks overflow, and a negative i8 is written as its two's-complement byte.
    public void WriteI8(sbyte value) => Reserve(1)[0] = unchecked((byte)value);

    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteU16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteI16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    public void WriteU32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteI32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteU64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteI64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteU128(UInt128 value) => BinaryPrimitives.WriteUInt128LittleEndian(Reserve(16), value);

    public void WriteI128(Int128 value) => BinaryPrimitives.WriteInt128LittleEndian(Reserve(16), value);

    /// <summary>Compact (SCALE "general integer") encoding: 1, 2, 4 or 5–17 bytes.</summary>
    public void WriteCompact(UInt128 value)
    {
        if (value < 1u << 6)
        {
            WriteU8((byte)((uint)value << 2));
        }
        else if (value < 1u << 14)
        {
            WriteU16((ushort)(((uint)value << 2) | 0b01));
        }
        else if (value < 1u << 30)
        {
            WriteU32(((uint)value << 2) | 0b10);
        }
        else
        {
            var byteCount = 16 - ((int)UInt128.LeadingZeroCount(value) / 8);
            WriteU8((byte)(((byteCount - 4) << 2) | 0b11));
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
            WriteRaw(bytes[..byteCount]);
        }
    }

    public void WriteCompact(ulong value) => WriteCompact((UInt128)value);

    /// <summary>Raw bytes with no length prefix (fixed-size arrays, already-encoded values).</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>A <c>Vec&lt;u8&gt;</c>: compact length, then the bytes.</summary>
    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        WriteCompact((ulong)bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>A string: compact byte length, then UTF-8.</summary>
    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteCompact((ulong)byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    /// <summary>The length prefix of a vector of <paramref name="count"/> items; the items follow.</summary>
    public void WriteLength(int count) => WriteCompact((ulong)count);

    public void WriteHash(Hash256 hash) => hash.CopyTo(Reserve(Hash256.Size));

    public void WriteAccount(AccountId account) => account.CopyTo(Reserve(AccountId.Size));

    /// <summary>Option tag: 0 for None, 1 for Some (the value follows).</summary>
    public void WriteOptionTag(bool isSome) => WriteU8(isSome ? (byte)1 : (byte)0);

    /// <summary><c>Option&lt;bool&gt;</c> is one byte in SCALE: 0 None, 1 Some(true), 2 Some(false).</summary>
    public void WriteOptionBool(bool? value) => WriteU8(value switch { null => 0, true => 1, false => 2 });

    /// <summary>Result tag: 0 for Ok, 1 for Err (the payload follows).</summary>
    public void WriteResultTag(bool isOk) => WriteU8(isOk ? (byte)0 : (byte)1);

    /// <summary>An enum variant index; its fields follow.</summary>
    public void WriteVariant(byte index) => WriteU8(index);

    /// <summary>Reserves <paramref name="count"/> bytes at the end and returns them for writing.</summary>
    public Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    private void Grow(int needed)
    {
        var newSize = Math.Max(Math.Max(_buffer.Length * 2, 64), _position + needed);
        var next = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer[.._position].CopyTo(next);
        if (_pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(_pooled);
        }

        _pooled = next;
        _buffer = next;
    }
}
