using Veil.Core;

namespace Veil.Wasm;

/// <summary>An event deposited by <c>seal0.deposit_event</c>: up to four 32-byte topics and a SCALE payload.</summary>
public sealed record WasmEvent(IReadOnlyList<Hash256> Topics, byte[] Data);
