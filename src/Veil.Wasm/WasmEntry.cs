namespace Veil.Wasm;

/// <summary>Which export of a contract an invocation runs. SCALE: one byte; never reorder.</summary>
public enum WasmEntry : byte
{
    /// <summary>The constructor, run once when the contract is instantiated.</summary>
    Deploy = 0,

    /// <summary>A message (4-byte selector then SCALE arguments).</summary>
    Call = 1,
}
