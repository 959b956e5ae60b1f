using System.Buffers.Binary;
using Veil.Core;

namespace Veil.Wasm.Examples.Tests;

/// <summary>Builds SCALE message arguments (and reads answers) the way a client encodes them from the metadata.</summary>
public sealed class ScaleInput
{
    private readonly List<byte> _bytes = [];

    public static ScaleInput Empty => new();

    public ScaleInput U32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _bytes.AddRange(bytes);
        return this;
    }

    public ScaleInput U64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _bytes.AddRange(bytes);
        return this;
    }

    public ScaleInput U128(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        _bytes.AddRange(bytes);
        return this;
    }

    public ScaleInput Account(AccountId account)
    {
        Span<byte> bytes = stackalloc byte[AccountId.Size];
        account.CopyTo(bytes);
        _bytes.AddRange(bytes);
        return this;
    }

    public ScaleInput Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>An ink! message answer <c>Ok(value)</c> of a u128: 0x00 then 16 bytes.</summary>
    public static byte[] OkU128(UInt128 value) => [0x00, .. new ScaleInput().U128(value).ToArray()];

    /// <summary>A fallible message's <c>Ok(Ok(value))</c> of a u128.</summary>
    public static byte[] OkOkU128(UInt128 value) => [0x00, 0x00, .. new ScaleInput().U128(value).ToArray()];
}
