namespace Veil.Wasm;

/// <summary>
/// The few checks Wasmtime's API cannot answer, read straight from the module's sections after
/// Wasmtime has validated it: no start function (it would run at every instantiation, before the host
/// has set up a call; pallet-contracts refuses it too), no memory defined inside the module (it must be
/// imported as <c>env.memory</c> so the host bounds it), and bounded tables.
/// </summary>
internal static class WasmBinary
{
    private const byte TableSection = 4;
    private const byte MemorySection = 5;
    private const byte StartSection = 8;

    /// <summary>Null when the sections pass; otherwise what is wrong.</summary>
    public static string? Check(ReadOnlySpan<byte> module, WasmLimits limits)
    {
        if (module.Length < 8 || !module[..4].SequenceEqual("\0asm"u8))
        {
            return "not a WebAssembly binary module (missing the \\0asm header)";
        }

        var position = 8;
        while (position < module.Length)
        {
            var id = module[position++];
            if (!TryReadU32(module, ref position, out var size) || size > (uint)(module.Length - position))
            {
                return "a section's size runs past the end of the module";
            }

            var body = module.Slice(position, (int)size);
            position += (int)size;
            switch (id)
            {
                case StartSection:
                    return "the module has a start function; contracts initialise in `deploy` instead";
                case MemorySection:
                    return "the module defines its own memory; it must import it as env.memory";
                case TableSection when CheckTables(body, limits) is { } error:
                    return error;
            }
        }

        return null;
    }

    private static string? CheckTables(ReadOnlySpan<byte> body, WasmLimits limits)
    {
        var position = 0;
        if (!TryReadU32(body, ref position, out var count))
        {
            return "malformed table section";
        }

        for (var i = 0u; i < count; i++)
        {
            // tabletype = reftype (one byte) ‖ limits (flag, min[, max]).
            if (position + 2 > body.Length)
            {
                return "malformed table section";
            }

            position++;
            var flags = body[position++];
            if (!TryReadU32(body, ref position, out var minimum))
            {
                return "malformed table section";
            }

            if (minimum > limits.MaxTableElements)
            {
                return $"table {i} starts with {minimum} elements; the limit is {limits.MaxTableElements}";
            }

            if ((flags & 1) != 0 && !TryReadU32(body, ref position, out _))
            {
                return "malformed table section";
            }
        }

        return null;
    }

    private static bool TryReadU32(ReadOnlySpan<byte> bytes, ref int position, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= bytes.Length)
            {
                return false;
            }

            var b = bytes[position++];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
