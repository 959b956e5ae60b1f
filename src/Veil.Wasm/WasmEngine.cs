using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Veil.Core;
using Veil.Core.Hashing;
using Wasmtime;

namespace Veil.Wasm;

/// <summary>
/// One Wasmtime engine configured for deterministic execution, and the cache of validated, compiled
/// contract code keyed by its BLAKE2b-256 hash. Create one per process (<see cref="Shared"/>) and share
/// it: compiling a module costs milliseconds, instantiating a cached one microseconds.
/// Thread-safe; each invocation runs in its own Wasmtime store.
/// </summary>
public sealed class WasmEngine : IDisposable
{
    /// <summary>Bound on cached modules; past it the cache is dropped and refilled (modules are freed by their finalizers).</summary>
    public const int MaxCachedModules = 1024;

    private static readonly Lazy<WasmEngine> SharedEngine = new(() => new WasmEngine(WasmLimits.Default));

    private readonly ConcurrentDictionary<Hash256, WasmCode> _cache = new();

    public WasmEngine(WasmLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;

        // Determinism (DESIGN §7): fuel metering; NaN bit patterns canonicalised so floating point gives
        // the same bits on every CPU; no threads (shared memory races), no relaxed SIMD (results differ
        // by CPU) and no SIMD at all (ink! never emits it; a smaller surface to audit); one 32-bit memory;
        // a bounded stack so deep recursion traps instead of exhausting the worker's thread.
        using var config = new Config()
            .WithFuelConsumption(true)
            .WithCraneliftNaNCanonicalization(true)
            .WithWasmThreads(false)
            .WithRelaxedSIMD(false, true)
            .WithSIMD(false)
            .WithMemory64(false)
            .WithMultiMemory(false)
            .WithMaximumStackSize(limits.MaxStackBytes)
            .WithEpochInterruption(false)
            .WithOptimizationLevel(OptimizationLevel.Speed);
        Engine = new Engine(config);
    }

    /// <summary>The process-wide engine with <see cref="WasmLimits.Default"/>.</summary>
    public static WasmEngine Shared => SharedEngine.Value;

    public WasmLimits Limits { get; }

    internal Engine Engine { get; }

    /// <summary>
    /// Validates and compiles <paramref name="code"/> (or returns the cached result for the same hash).
    /// Refused code gets a message naming what is wrong; nothing is thrown for bad input.
    /// </summary>
    public bool TryLoad(ReadOnlySpan<byte> code, [NotNullWhen(true)] out WasmCode? loaded, out string error)
    {
        if (code.Length > Limits.MaxCodeSize)
        {
            loaded = null;
            error = $"the code is {code.Length} bytes; the limit is {Limits.MaxCodeSize}";
            return false;
        }

        var hash = Blake2b.Hash256(code);
        if (_cache.TryGetValue(hash, out loaded))
        {
            error = string.Empty;
            return true;
        }

        if (!WasmCode.TryCompile(this, hash, code, out loaded, out error))
        {
            return false;
        }

        if (_cache.Count >= MaxCachedModules)
        {
            _cache.Clear();
        }

        loaded = _cache.GetOrAdd(hash, loaded);
        return true;
    }

    public void Dispose() => Engine.Dispose();
}
