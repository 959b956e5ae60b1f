using Veil.Core;

namespace Veil.Wasm.Host;

/// <summary>What the host functions report to one invocation: who calls, which contract, what value, when, and the input.</summary>
internal sealed record WasmEnvironment(Hash256 Caller, Hash256 Address, UInt128 Value, ulong BlockNumber, ulong Timestamp, byte[] Input);
