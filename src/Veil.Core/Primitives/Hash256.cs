using System.Buffers.Binary;

namespace Veil.Core;

/// <summary>A 32-byte hash (BLAKE2b-256 unless stated otherwise). Stored as four words so equality is cheap.</summary>
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    public const int Size = 32;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A hash is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        // Big-endian words keep CompareTo equal to byte-wise lexicographic order.
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public static Hash256 Zero => default;

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public static bool TryParse(string? text, out Hash256 hash)
    {
        hash = default;
        if (!Hex.TryDecode(text, out var bytes, out _) || bytes.Length != Size)
        {
            return false;
        }

        hash = new Hash256(bytes);
        return true;
    }

    public static Hash256 Parse(string text)
        => TryParse(text, out var hash) ? hash : throw new FormatException($"'{text}' is not a 0x-prefixed 32-byte hex hash.");

    public bool Equals(Hash256 other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override bool Equals(object? obj) => obj is Hash256 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    public int CompareTo(Hash256 other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0) return c;
        c = _w1.CompareTo(other._w1);
        if (c != 0) return c;
        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);

    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Hex.Encode(bytes);
    }
}
