namespace Veil.Wasm.Host;

/// <summary>How one invocation ended: the status, the output (return or revert data), a message for traps, the events and debug text.</summary>
internal sealed record WasmOutcome(WasmStatus Status, byte[] Output, string Message, IReadOnlyList<WasmEvent> Events, string DebugMessages);
