using System.Diagnostics.CodeAnalysis;
using Veil.Core;
using Veil.Wasm.Host;
using Wasmtime;

namespace Veil.Wasm;

/// <summary>
/// Contract code that passed validation and was compiled: its hash, the Wasmtime module, the host
/// function bound to each import (in import order) and its memory bounds. Obtain one from
/// <see cref="WasmEngine.TryLoad"/>, which caches it by hash.
/// </summary>
public sealed class WasmCode
{
    public const string DeployExport = "deploy";
    public const string CallExport = "call";

    private WasmCode(WasmEngine engine, Hash256 hash, Module module, HostFunction?[] imports, int memoryMinimum, int memoryMaximum)
    {
        Engine = engine;
        Hash = hash;
        Module = module;
        Imports = imports;
        MemoryMinimum = memoryMinimum;
        MemoryMaximum = memoryMaximum;
    }

    /// <summary>BLAKE2b-256 of the code bytes: the code's identity and cache key.</summary>
    public Hash256 Hash { get; }

    /// <summary>Initial memory, in 64 KiB pages, as the <c>env.memory</c> import declares it.</summary>
    public int MemoryMinimum { get; }

    /// <summary>Memory bound in pages: the import's maximum, or the engine's limit when it declares none.</summary>
    public int MemoryMaximum { get; }

    internal WasmEngine Engine { get; }

    internal Module Module { get; }

    /// <summary>One entry per module import, in order: the host function, or null for <c>env.memory</c>.</summary>
    internal HostFunction?[] Imports { get; }

    internal static bool TryCompile(WasmEngine engine, Hash256 hash, ReadOnlySpan<byte> code, [NotNullWhen(true)] out WasmCode? loaded, out string error)
    {
        loaded = null;
        if (code.IsEmpty)
        {
            error = "the code is empty";
            return false;
        }

        if (Module.Validate(engine.Engine, code) is { } invalid)
        {
            error = $"not a valid WebAssembly module: {FirstLine(invalid)}";
            return false;
        }

        if (WasmBinary.Check(code, engine.Limits) is { } refused)
        {
            error = refused;
            return false;
        }

        Module module;
        try
        {
            module = Module.FromBytes(engine.Engine, hash.ToString(), code);
        }
        catch (WasmtimeException ex)
        {
            error = $"the module does not compile: {FirstLine(ex.Message)}";
            return false;
        }

        if (!TryBindImports(module, engine.Limits, out var imports, out var minimum, out var maximum, out error)
            || !CheckExports(module, out error))
        {
            module.Dispose();
            return false;
        }

        loaded = new WasmCode(engine, hash, module, imports, minimum, maximum);
        return true;
    }

    private static bool TryBindImports(Module module, WasmLimits limits, out HostFunction?[] bound, out int minimum, out int maximum, out string error)
    {
        var imports = module.Imports;
        bound = new HostFunction?[imports.Count];
        minimum = 0;
        maximum = 0;
        var hasMemory = false;
        for (var i = 0; i < imports.Count; i++)
        {
            var import = imports[i];
            var name = $"{import.ModuleName}.{import.Name}";
            switch (import)
            {
                case MemoryImport memory when import.ModuleName == "env" && import.Name == "memory":
                    if (memory.Is64Bit)
                    {
                        error = "env.memory is a 64-bit memory; contracts use 32-bit memory";
                        return false;
                    }

                    if (memory.Minimum > limits.MaxMemoryPages || memory.Maximum > limits.MaxMemoryPages)
                    {
                        error = $"env.memory declares {memory.Minimum}..{memory.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unbounded"} pages; the limit is {limits.MaxMemoryPages} pages";
                        return false;
                    }

                    hasMemory = true;
                    minimum = (int)memory.Minimum;
                    maximum = (int)(memory.Maximum ?? limits.MaxMemoryPages);
                    break;
                case FunctionImport function:
                    if (!HostFunctions.TryFind(import.ModuleName, import.Name, out var host))
                    {
                        error = HostFunctions.IsHostModule(import.ModuleName)
                            ? $"import {name} is not a function the Veil host provides"
                            : import.ModuleName == "env"
                                ? $"import {name} is not provided; from env the host provides only env.memory"
                                : $"import {name} is from unknown module '{import.ModuleName}'; contracts may import only from seal0, seal1, seal2, veil and env.memory";
                        return false;
                    }

                    if (!host.Matches(function.Parameters, function.Results))
                    {
                        error = $"import {name} has signature {HostFunction.Describe(function.Parameters, function.Results)}; the host provides {host.Signature}";
                        return false;
                    }

                    bound[i] = host;
                    break;
                default:
                    error = $"import {name} is a {KindOf(import)}; contracts may import functions from seal0, seal1, seal2 and veil, and env.memory";
                    return false;
            }
        }

        if (!hasMemory)
        {
            error = "the module does not import env.memory; a contract's memory is provided by the host";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool CheckExports(Module module, out string error)
    {
        foreach (var name in (ReadOnlySpan<string>)[DeployExport, CallExport])
        {
            FunctionExport? found = null;
            foreach (var export in module.Exports)
            {
                if (export.Name == name && export is FunctionExport function)
                {
                    found = function;
                }
            }

            if (found is null)
            {
                error = $"the module does not export a function named '{name}'";
                return false;
            }

            if (found.Parameters.Count != 0 || found.Results.Count != 0)
            {
                error = $"export '{name}' has signature {HostFunction.Describe(found.Parameters, found.Results)}; it must take and return nothing";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    private static string KindOf(Import import) => import switch
    {
        MemoryImport => "memory",
        TableImport => "table",
        GlobalImport => "global",
        _ => "kind of import the host does not provide",
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
