using System.Globalization;
using Veil.Core.Hashing;
using Veil.Core.Scale;

namespace Veil.Crypto.Derivation;

/// <summary>
/// One step of a derivation path (Substrate's <c>DeriveJunction</c>): a 32-byte chain code and
/// whether the step is hard (<c>//name</c>) or soft (<c>/name</c>). The chain code is the SCALE
/// encoding of the name — a u64 (little-endian) when it parses as one, else a string (compact length ‖
/// UTF-8) — zero-padded to 32 bytes, or its BLAKE2b-256 when the encoding is longer than 32 bytes.
/// </summary>
public sealed class DeriveJunction
{
    public const int ChainCodeSize = 32;

    private readonly byte[] _chainCode;

    private DeriveJunction(byte[] chainCode, bool isHard)
    {
        _chainCode = chainCode;
        IsHard = isHard;
    }

    public bool IsHard { get; }

    public ReadOnlySpan<byte> ChainCode => _chainCode;

    /// <summary>A hard junction named <paramref name="name"/> (<c>//name</c> in a secret URI).</summary>
    public static DeriveJunction Hard(string name) => new(ChainCodeOf(name), isHard: true);

    /// <summary>A soft junction named <paramref name="name"/> (<c>/name</c> in a secret URI).</summary>
    public static DeriveJunction Soft(string name) => new(ChainCodeOf(name), isHard: false);

    public static DeriveJunction Hard(ulong index) => new(ChainCodeOf(index), isHard: true);

    public static DeriveJunction Soft(ulong index) => new(ChainCodeOf(index), isHard: false);

    private static byte[] ChainCodeOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        // Rust's u64::from_str, which Substrate uses here: optional '+', ASCII digits, no overflow.
        if (ulong.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && name[0] != '-')
        {
            return ChainCodeOf(number);
        }

        var writer = new ScaleWriter(stackalloc byte[64]);
        try
        {
            writer.WriteString(name);
            return Pad(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static byte[] ChainCodeOf(ulong index)
    {
        Span<byte> encoded = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(encoded, index);
        return Pad(encoded);
    }

    private static byte[] Pad(ReadOnlySpan<byte> encoded)
    {
        var chainCode = new byte[ChainCodeSize];
        if (encoded.Length > ChainCodeSize)
        {
            Blake2b.Hash256(encoded, chainCode.AsSpan());
        }
        else
        {
            encoded.CopyTo(chainCode);
        }

        return chainCode;
    }

    public override string ToString() => IsHard ? "//<hard junction>" : "/<soft junction>";
}
