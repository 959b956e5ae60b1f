using System.Diagnostics.CodeAnalysis;
using Wasmtime;

namespace Veil.Wasm.Host;

/// <summary>
/// Every host function a contract may import, declared as data: one line each with module, name, gas,
/// query-safety, signature and callback. Names and signatures are pallet-contracts' (polkadot-sdk
/// <c>frame/contracts/src/wasm/runtime.rs</c>), so code built by cargo-contract for ink! 4 and 5 links
/// unchanged; each function is also registered under its <c>seal_</c>-prefixed alias, as
/// pallet-contracts does for older ink! versions (<c>seal_return</c> has no unprefixed name).
/// Pointers and lengths are i32 that the host reads as u32. Any out-of-bounds access, bad encoding or
/// limit breach traps.
/// </summary>
internal static partial class HostFunctions
{
    public const string Seal0 = "seal0";
    public const string Seal1 = "seal1";
    public const string Seal2 = "seal2";

    /// <summary>Veil's own additions (issue #4: queue messages, confidential randomness) will live here.</summary>
    public const string Veil = "veil";

    private const bool Query = true;
    private const bool Mutating = false;

    private static readonly ValueKind[] None = [];
    private static readonly ValueKind[] I32 = [ValueKind.Int32];
    private static readonly ValueKind[] I32x2 = [ValueKind.Int32, ValueKind.Int32];
    private static readonly ValueKind[] I32x3 = [ValueKind.Int32, ValueKind.Int32, ValueKind.Int32];
    private static readonly ValueKind[] I32x4 = [ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32];

    private static readonly HostFunction[] Declared =
    [
        //  module  name                gas               query?    parameters  results  callback
        new(Seal0, "input",             WasmGas.HostCall, Query,    I32x2,      None,    Input),
        new(Seal0, "seal_return",       WasmGas.HostCall, Query,    I32x3,      None,    SealReturn),
        new(Seal0, "caller",            WasmGas.HostCall, Query,    I32x2,      None,    Caller),
        new(Seal0, "address",           WasmGas.HostCall, Query,    I32x2,      None,    Address),
        new(Seal0, "value_transferred", WasmGas.HostCall, Query,    I32x2,      None,    ValueTransferred),
        new(Seal0, "block_number",      WasmGas.HostCall, Query,    I32x2,      None,    BlockNumber),
        new(Seal0, "now",               WasmGas.HostCall, Query,    I32x2,      None,    Now),
        new(Seal0, "gas_left",          WasmGas.HostCall, Query,    I32x2,      None,    GasLeft),
        new(Seal0, "set_storage",       WasmGas.HostCall, Mutating, I32x3,      None,    SetStorageFixed),
        new(Seal1, "set_storage",       WasmGas.HostCall, Mutating, I32x3,      I32,     SetStorageFixedV1),
        new(Seal2, "set_storage",       WasmGas.HostCall, Mutating, I32x4,      I32,     SetStorageVariable),
        new(Seal0, "clear_storage",     WasmGas.HostCall, Mutating, I32,        None,    ClearStorageFixed),
        new(Seal1, "clear_storage",     WasmGas.HostCall, Mutating, I32x2,      I32,     ClearStorageVariable),
        new(Seal0, "get_storage",       WasmGas.HostCall, Query,    I32x3,      I32,     GetStorageFixed),
        new(Seal1, "get_storage",       WasmGas.HostCall, Query,    I32x4,      I32,     GetStorageVariable),
        new(Seal0, "contains_storage",  WasmGas.HostCall, Query,    I32,        I32,     ContainsStorageFixed),
        new(Seal1, "contains_storage",  WasmGas.HostCall, Query,    I32x2,      I32,     ContainsStorageVariable),
        new(Seal0, "take_storage",      WasmGas.HostCall, Mutating, I32x4,      I32,     TakeStorage),
        new(Seal0, "hash_sha2_256",     WasmGas.HostCall, Query,    I32x3,      None,    HashSha256),
        new(Seal0, "hash_keccak_256",   WasmGas.HostCall, Query,    I32x3,      None,    HashKeccak256),
        new(Seal0, "hash_blake2_256",   WasmGas.HostCall, Query,    I32x3,      None,    HashBlake2x256),
        new(Seal0, "hash_blake2_128",   WasmGas.HostCall, Query,    I32x3,      None,    HashBlake2x128),
        new(Seal0, "deposit_event",     WasmGas.HostCall, Mutating, I32x4,      None,    DepositEvent),
        new(Seal0, "debug_message",     WasmGas.HostCall, Query,    I32x2,      I32,     DebugMessage),
        new(Veil,  "ed25519_verify",    WasmGas.HostCall, Query,    I32x4,      I32,     Ed25519Verify),
    ];

    private static readonly Dictionary<(string Module, string Name), HostFunction> ByName = Index();

    /// <summary>Every registered function, aliases included, in declaration order.</summary>
    public static IReadOnlyList<HostFunction> All { get; } = [.. WithAliases()];

    public static bool TryFind(string module, string name, [NotNullWhen(true)] out HostFunction? function)
        => ByName.TryGetValue((module, name), out function);

    public static bool IsHostModule(string module) => module is Seal0 or Seal1 or Seal2 or Veil;

    private static IEnumerable<HostFunction> WithAliases()
    {
        foreach (var function in Declared)
        {
            yield return function;
            // pallet-contracts' old `seal_` names; Veil's own module never had them.
            if (function.Module != Veil && !function.Name.StartsWith("seal_", StringComparison.Ordinal))
            {
                yield return function.WithName("seal_" + function.Name);
            }
        }
    }

    private static Dictionary<(string, string), HostFunction> Index()
    {
        var index = new Dictionary<(string, string), HostFunction>();
        foreach (var function in WithAliases())
        {
            index.Add((function.Module, function.Name), function);
        }

        return index;
    }

    private static uint U32(ReadOnlySpan<ValueBox> arguments, int index) => unchecked((uint)arguments[index].AsInt32());

    private static void SetResult(Span<ValueBox> results, uint value) => results[0] = unchecked((int)value);

    private static void SetResult(Span<ValueBox> results, ReturnCode code) => results[0] = (int)code;
}
