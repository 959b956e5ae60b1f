using Wasmtime;

namespace Veil.Wasm.Host;

/// <summary>Does a host function's work: reads its arguments, acts on the execution, sets its results.</summary>
internal delegate void HostCallback(WasmExecution execution, ReadOnlySpan<ValueBox> arguments, Span<ValueBox> results);

/// <summary>
/// One host function, declared as data (as Neo declares its syscalls): the import module and name a
/// contract uses, the gas charged before it runs (sizes are charged on top), whether a read-only query
/// may call it, its WebAssembly signature and the callback. <see cref="HostFunctions"/> lists them all.
/// </summary>
internal sealed class HostFunction
{
    public HostFunction(string module, string name, ulong gas, bool querySafe, ValueKind[] parameters, ValueKind[] results, HostCallback callback)
    {
        Module = module;
        Name = name;
        Gas = gas;
        QuerySafe = querySafe;
        Parameters = parameters;
        Results = results;
        Callback = callback;
        FullName = $"{module}.{name}";
        Signature = Describe(parameters, results);

        // One delegate per host function for the life of the process: stores bind it without allocating closures.
        Untyped = (caller, arguments, output) => WasmExecution.Dispatch(this, caller, arguments, output);
    }

    public string Module { get; }

    public string Name { get; }

    public ulong Gas { get; }

    /// <summary>False for functions that change state (pallet-contracts' <c>#[mutating]</c>): a query that calls one traps.</summary>
    public bool QuerySafe { get; }

    public ValueKind[] Parameters { get; }

    public ValueKind[] Results { get; }

    public HostCallback Callback { get; }

    public string FullName { get; }

    public string Signature { get; }

    internal Function.UntypedCallbackDelegate Untyped { get; }

    /// <summary>The same function under pallet-contracts' <c>seal_</c>-prefixed alias.</summary>
    public HostFunction WithName(string name) => new(Module, name, Gas, QuerySafe, Parameters, Results, Callback);

    public bool Matches(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results)
        => parameters.SequenceEqual(Parameters) && results.SequenceEqual(Results);

    public static string Describe(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results)
        => $"({string.Join(", ", parameters.Select(KindName))}) -> ({string.Join(", ", results.Select(KindName))})";

    private static string KindName(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        _ => kind.ToString(),
    };
}
