namespace Veil.Wasm.Host;

/// <summary>
/// Thrown by a host function to stop the contract (return, revert, trap, out of gas). Wasmtime turns
/// it into a trap; the reason is kept on the <see cref="WasmExecution"/>, which is what the runtime reads.
/// </summary>
internal sealed class WasmHalt : Exception
{
    public WasmHalt()
        : base("the host halted the contract")
    {
    }

    public WasmHalt(string message)
        : base(message)
    {
    }

    public WasmHalt(string message, Exception inner)
        : base(message, inner)
    {
    }
}
