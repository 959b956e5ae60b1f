namespace Veil.Wasm;

/// <summary>
/// The bounds a WebAssembly contract runs within. Part of consensus between the workers of a cluster:
/// the stack size decides how deep a contract may recurse and the memory bound where <c>memory.grow</c>
/// starts failing, so every worker must use the same numbers (and the same Wasmtime version, whose
/// compiled frame sizes decide the recursion depth that fits). Defaults follow pallet-contracts'
/// schedule where it has one.
/// </summary>
public sealed record WasmLimits
{
    /// <summary>Largest accepted code, in bytes. ink! contracts are typically 10–50 KiB.</summary>
    public int MaxCodeSize { get; init; } = 256 * 1024;

    /// <summary>Largest linear memory, in 64 KiB pages: 16 pages = 1 MiB, pallet-contracts' default.</summary>
    public int MaxMemoryPages { get; init; } = 16;

    /// <summary>Wasmtime's maximum WebAssembly stack; deep recursion traps with a stack overflow past it.</summary>
    public int MaxStackBytes { get; init; } = 256 * 1024;

    /// <summary>Largest table (function references for indirect calls), in elements.</summary>
    public int MaxTableElements { get; init; } = 4096;

    /// <summary>Longest variable-size storage key (pallet-contracts' <c>MaxStorageKeyLen</c>).</summary>
    public int MaxStorageKeyLength { get; init; } = 128;

    /// <summary>Largest storage value and event payload (pallet-contracts' <c>payload_len</c>).</summary>
    public int MaxValueLength { get; init; } = 16 * 1024;

    /// <summary>Most topics one event may carry (pallet-contracts' <c>event_topics</c>).</summary>
    public int MaxEventTopics { get; init; } = 4;

    /// <summary>Longest debug message kept; longer ones are cut, as pallet-contracts cuts its debug buffer.</summary>
    public int MaxDebugMessageLength { get; init; } = 2048;

    public static WasmLimits Default { get; } = new();
}
