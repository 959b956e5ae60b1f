namespace Veil.Wasm;

/// <summary>
/// The gas schedule of WebAssembly contracts. One unit of gas is one unit of Wasmtime fuel (about one
/// WebAssembly instruction), and the same <see cref="Veil.Contracts.Runtime.GasMeter"/> meters both, so
/// storage operations keep the prices of <see cref="Veil.Contracts.Runtime.GasCost"/> that built-in
/// contracts pay. A host call costs about as much as 200 instructions (≈100 ns against ≈0.5 ns), hence
/// the base price. Part of consensus: change only with a new contract version.
/// </summary>
public static class WasmGas
{
    /// <summary>Charged on every host call before it does anything.</summary>
    public const ulong HostCall = 200;

    /// <summary>Per byte copied between contract memory and the host.</summary>
    public const ulong CopyPerByte = 1;

    public const ulong HashBase = 300;

    public const ulong Blake2PerByte = 2;

    public const ulong Sha256PerByte = 4;

    public const ulong Keccak256PerByte = 6;

    public const ulong EventBase = 2_000;

    /// <summary>veil.ed25519_verify: one libsodium verification costs ~60 µs, about 60,000 cheap instructions.</summary>
    public const ulong Ed25519Verify = 60_000;

    public const ulong EventPerTopic = 500;

    public const ulong EventPerByte = 10;
}
