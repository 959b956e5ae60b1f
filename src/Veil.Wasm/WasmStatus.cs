namespace Veil.Wasm;

/// <summary>How a WebAssembly invocation ended.</summary>
public enum WasmStatus : byte
{
    /// <summary>It returned (by <c>seal_return</c> with no flags, or from the export); its changes are kept.</summary>
    Returned = 0,

    /// <summary><c>seal_return</c> with the revert flag: the output is an error and every change is undone.</summary>
    Reverted = 1,

    /// <summary>A trap (unreachable, bad memory access, stack overflow, a host function's refusal): undone.</summary>
    Trapped = 2,

    /// <summary>The gas ran out: undone, and the whole budget is spent.</summary>
    OutOfGas = 3,
}
