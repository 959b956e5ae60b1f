using CsCheck;

namespace Veil.Tests.Shared;

/// <summary>
/// Damage done to a valid encoding by a faulty or hostile peer: bit flips, truncation, extension,
/// inserted or deleted bytes. Decoders must answer every variant with a result, never an exception.
/// </summary>
internal sealed record ByteMutation(string Kind, int Position, byte Value, byte[] Extra)
{
    public static readonly Gen<ByteMutation> Any = Gen.Select(
        Gen.OneOf<string>("flip", "truncate", "extend", "insert", "delete", "overwrite"),
        Gen.Int[0, int.MaxValue],
        Gen.Byte,
        Gen.Byte.Array[1, 16]).Select((kind, position, value, extra) => new ByteMutation(kind, position, value, extra));

    public byte[] Apply(byte[] valid)
    {
        if (valid.Length == 0)
        {
            return Extra;
        }

        var at = Position % valid.Length;
        return Kind switch
        {
            "flip" => Flip(valid, at, 1 << (Value % 8)),
            "truncate" => valid[..at],
            "extend" => [.. valid, .. Extra],
            "insert" => [.. valid[..at], Value, .. valid[at..]],
            "delete" => [.. valid[..at], .. valid[(at + 1)..]],
            _ => Flip(valid, at, Value == valid[at] ? 0xFF : valid[at] ^ Value),
        };
    }

    private static byte[] Flip(byte[] valid, int at, int mask)
    {
        var copy = (byte[])valid.Clone();
        copy[at] ^= (byte)mask;
        return copy;
    }

    public override string ToString() => $"{Kind}@{Position}({Value})";
}
