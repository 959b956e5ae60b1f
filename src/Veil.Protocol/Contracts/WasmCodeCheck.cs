using System.Text;

namespace Veil.Protocol.Contracts;

/// <summary>
/// The structural checks the chain (and the CLI, before paying a fee) can afford on WebAssembly contract
/// code without a compiler: size, the <c>\0asm</c> version-1 header, well-formed section framing, imports
/// only from the host modules (<c>seal0</c>, <c>seal1</c>, <c>seal2</c>, <c>veil</c>) plus
/// <c>env.memory</c>, and function exports named <c>deploy</c> and <c>call</c>. A single linear pass, no
/// allocation beyond names. Full validation (types, exact host signatures, limits) happens in the enclave
/// with Wasmtime, which refuses the deployment if the code passes here but is still invalid.
/// </summary>
public static class WasmCodeCheck
{
    private const byte ImportSection = 2;
    private const byte ExportSection = 7;
    private const byte FunctionKind = 0;
    private const byte TableKind = 1;
    private const byte MemoryKind = 2;
    private const byte GlobalKind = 3;

    private static readonly string[] HostModules = ["seal0", "seal1", "seal2", "veil"];

    /// <summary>Null when the code passes; otherwise what is wrong, in words a developer can act on.</summary>
    public static string? Check(ReadOnlySpan<byte> code)
    {
        if (code.Length > WasmDeployment.MaxCodeLength)
        {
            return $"the code is {code.Length} bytes; the limit is {WasmDeployment.MaxCodeLength}";
        }

        if (code.Length < 8 || !code[..4].SequenceEqual("\0asm"u8))
        {
            return "not a WebAssembly binary module (missing the \\0asm header)";
        }

        if (!code[4..8].SequenceEqual((ReadOnlySpan<byte>)[1, 0, 0, 0]))
        {
            return "unsupported WebAssembly binary version (expected 1)";
        }

        var position = 8;
        var hasDeploy = false;
        var hasCall = false;
        while (position < code.Length)
        {
            var id = code[position++];
            if (!TryReadU32(code, ref position, out var size) || size > (uint)(code.Length - position))
            {
                return "a section's size runs past the end of the module";
            }

            var body = code.Slice(position, (int)size);
            position += (int)size;
            var error = id switch
            {
                ImportSection => CheckImports(body),
                ExportSection => CheckExports(body, ref hasDeploy, ref hasCall),
                _ => null,
            };
            if (error is not null) return error;
        }

        if (!hasDeploy) return "the module does not export a function named 'deploy'";
        if (!hasCall) return "the module does not export a function named 'call'";
        return null;
    }

    private static string? CheckImports(ReadOnlySpan<byte> body)
    {
        var position = 0;
        if (!TryReadU32(body, ref position, out var count)) return "malformed import section";
        for (var i = 0u; i < count; i++)
        {
            if (!TryReadName(body, ref position, out var module) || !TryReadName(body, ref position, out var name) || position >= body.Length)
            {
                return "malformed import section";
            }

            var kind = body[position++];
            var isMemory = module == "env" && name == "memory";
            if (kind == MemoryKind && isMemory)
            {
                if (!SkipLimits(body, ref position)) return "malformed import section";
                continue;
            }

            if (kind != FunctionKind)
            {
                return $"import {module}.{name} is not a function; contracts import functions from seal0, seal1, seal2 and veil, and env.memory";
            }

            if (Array.IndexOf(HostModules, module) < 0)
            {
                return $"import {module}.{name} is from unknown module '{module}'; contracts may import only from seal0, seal1, seal2, veil and env.memory";
            }

            if (!TryReadU32(body, ref position, out _)) return "malformed import section";
        }

        return null;
    }

    private static string? CheckExports(ReadOnlySpan<byte> body, ref bool hasDeploy, ref bool hasCall)
    {
        var position = 0;
        if (!TryReadU32(body, ref position, out var count)) return "malformed export section";
        for (var i = 0u; i < count; i++)
        {
            if (!TryReadName(body, ref position, out var name) || position >= body.Length) return "malformed export section";
            var kind = body[position++];
            if (!TryReadU32(body, ref position, out _)) return "malformed export section";
            if (kind is not (FunctionKind or TableKind or MemoryKind or GlobalKind)) return "malformed export section";
            if (kind == FunctionKind && name == "deploy") hasDeploy = true;
            if (kind == FunctionKind && name == "call") hasCall = true;
        }

        return null;
    }

    private static bool SkipLimits(ReadOnlySpan<byte> body, ref int position)
    {
        if (position >= body.Length) return false;
        var flags = body[position++];
        if (!TryReadU32(body, ref position, out _)) return false;
        return (flags & 1) == 0 || TryReadU32(body, ref position, out _);
    }

    private static bool TryReadName(ReadOnlySpan<byte> bytes, ref int position, out string name)
    {
        name = string.Empty;
        if (!TryReadU32(bytes, ref position, out var length) || length > (uint)(bytes.Length - position) || length > 256)
        {
            return false;
        }

        name = Encoding.UTF8.GetString(bytes.Slice(position, (int)length));
        position += (int)length;
        return true;
    }

    private static bool TryReadU32(ReadOnlySpan<byte> bytes, ref int position, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= bytes.Length) return false;
            var b = bytes[position++];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }

        return false;
    }
}
