namespace Veil.Core.Hashing;

/// <summary>BLAKE2b (RFC 7693) via libsodium, with any output length from 16 to 64 bytes.</summary>
public static unsafe class Blake2b
{
    public const int MinOutputLength = 16;
    public const int MaxOutputLength = 64;

    static Blake2b() => Sodium.EnsureInitialized();

    /// <summary>Hashes <paramref name="data"/> into <paramref name="output"/>; its length selects the digest size.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output, ReadOnlySpan<byte> key = default)
    {
        if (output.Length is < MinOutputLength or > MaxOutputLength)
        {
            throw new ArgumentException($"BLAKE2b output must be {MinOutputLength}..{MaxOutputLength} bytes, not {output.Length}.", nameof(output));
        }

        if (key.Length > 64)
        {
            throw new ArgumentException("BLAKE2b key must be at most 64 bytes.", nameof(key));
        }

        fixed (byte* o = output)
        fixed (byte* d = data)
        fixed (byte* k = key)
        {
            if (Sodium.crypto_generichash(o, (nuint)output.Length, d, (ulong)data.Length, key.IsEmpty ? null : k, (nuint)key.Length) != 0)
            {
                throw new InvalidOperationException("crypto_generichash failed.");
            }
        }
    }

    public static Hash256 Hash256(ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[32];
        Hash(data, buffer);
        return new Hash256(buffer);
    }

    public static void Hash256(ReadOnlySpan<byte> data, Span<byte> output32) => Hash(data, output32[..32]);

    public static void Hash128(ReadOnlySpan<byte> data, Span<byte> output16) => Hash(data, output16[..16]);

    public static byte[] Hash128(ReadOnlySpan<byte> data)
    {
        var result = new byte[16];
        Hash(data, result);
        return result;
    }

    public static void Hash512(ReadOnlySpan<byte> data, Span<byte> output64) => Hash(data, output64[..64]);

    /// <summary>BLAKE2b-256 of the concatenation of two inputs, without copying them together.</summary>
    /// <remarks>
    /// Not an overload of <c>Hash256</c>: with C# 14's implicit span conversions,
    /// <c>Hash256(data, byteArray)</c> bound to a (ReadOnlySpan, ReadOnlySpan) overload and silently
    /// hashed two inputs instead of writing the digest into the array.
    /// </remarks>
    public static Hash256 Hash256Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var state = stackalloc byte[(int)Sodium.crypto_generichash_statebytes() + 64];
        // libsodium wants the state 64-byte aligned.
        var aligned = (byte*)(((nint)state + 63) & ~(nint)63);
        Span<byte> output = stackalloc byte[32];
        fixed (byte* a = first)
        fixed (byte* b = second)
        fixed (byte* o = output)
        {
            Sodium.crypto_generichash_init(aligned, null, 0, 32);
            Sodium.crypto_generichash_update(aligned, a, (ulong)first.Length);
            Sodium.crypto_generichash_update(aligned, b, (ulong)second.Length);
            Sodium.crypto_generichash_final(aligned, o, 32);
        }

        return new Hash256(output);
    }
}
