using System.Text;
using Veil.Contracts.Runtime;
using Wasmtime;

namespace Veil.Wasm.Host;

/// <summary>
/// One invocation of a contract: its Wasmtime store, memory and host-side state. Gas has a single
/// authority, the <see cref="GasMeter"/>; while WebAssembly runs, the store's fuel mirrors the meter's
/// remaining gas, and every host call first settles the fuel burnt since the last call into the meter,
/// then charges its own price (and, through the contract context, the state prices of
/// <see cref="GasCost"/>), then hands the remainder back as fuel. Running out anywhere — in WebAssembly or
/// in a host function — exhausts the meter, and the runtime rolls the command back.
/// </summary>
internal sealed partial class WasmExecution
{
    private readonly ContractContext? _command;
    private readonly QueryContext? _query;
    private readonly List<WasmEvent> _events = [];
    private readonly StringBuilder _debug = new();
    private ulong _syncedFuel;
    private WasmStatus? _status;
    private byte[] _output = [];
    private string _message = string.Empty;
    private Memory? _memory;

    private WasmExecution(WasmCode code, WasmEnvironment environment, GasMeter gas, ContractContext? command, QueryContext? query)
    {
        Code = code;
        Environment = environment;
        Gas = gas;
        _command = command;
        _query = query;
    }

    public WasmCode Code { get; }

    public WasmLimits Limits => Code.Engine.Limits;

    public WasmEnvironment Environment { get; }

    public GasMeter Gas { get; }

    /// <summary>True for a read-only query: state-changing host functions trap.</summary>
    public bool IsQuery => _command is null;

    /// <summary>Runs a command (state changes through <paramref name="command"/>).</summary>
    public static WasmOutcome Run(WasmCode code, WasmEntry entry, WasmEnvironment environment, ContractContext command)
        => Run(new WasmExecution(code, environment, command.Gas, command, null), entry);

    /// <summary>Runs a read-only query of the <c>call</c> export.</summary>
    public static WasmOutcome Run(WasmCode code, WasmEnvironment environment, QueryContext query)
        => Run(new WasmExecution(code, environment, query.Gas, null, query), WasmEntry.Call);

    private static WasmOutcome Run(WasmExecution execution, WasmEntry entry)
    {
        var code = execution.Code;
        using var store = new Store(code.Engine.Engine, execution);
        store.SetLimits(
            memorySize: (long)code.MemoryMaximum * Memory.PageSize,
            tableElements: (uint)execution.Limits.MaxTableElements,
            instances: 1,
            tables: 4,
            memories: 1);
        var memory = new Memory(store, code.MemoryMinimum, code.MemoryMaximum);
        execution._memory = memory;
        var imports = new object[code.Imports.Length];
        for (var i = 0; i < imports.Length; i++)
        {
            imports[i] = code.Imports[i] is { } function
                ? Function.FromCallback(store, function.Untyped, function.Parameters, function.Results)
                : memory;
        }

        store.Fuel = execution.Gas.Remaining;
        execution._syncedFuel = execution.Gas.Remaining;
        try
        {
            var instance = new Instance(store, code.Module, imports);
            var export = instance.GetAction(entry == WasmEntry.Deploy ? WasmCode.DeployExport : WasmCode.CallExport)
                ?? throw new InvalidOperationException("a validated module lost its export");
            export();
        }
        catch (TrapException trap)
        {
            execution.OnTrap(trap.Type, trap.Message);
        }
        catch (WasmtimeException error)
        {
            // A host function's halt arrives here (its reason is already recorded), as do instantiation
            // failures such as a data segment outside memory.
            execution.OnTrap(null, error.Message);
        }

        execution.SettleFuel(store.Fuel);
        return execution.Finish();
    }

    /// <summary>The entry point of every host function (see <see cref="HostFunction.Untyped"/>).</summary>
    internal static void Dispatch(HostFunction function, Caller caller, ReadOnlySpan<ValueBox> arguments, Span<ValueBox> results)
    {
        var execution = (WasmExecution)caller.GetData()!;
        execution.SettleFuel(caller.Fuel);
        try
        {
            if (!function.QuerySafe && execution.IsQuery)
            {
                throw execution.Trap($"{function.FullName} changes state and is not allowed in a query");
            }

            execution.Charge(function.Gas);
            function.Callback(execution, arguments, results);
        }
        catch (WasmHalt)
        {
            throw;
        }
        catch (Exception error)
        {
            // A host bug must not take the worker down: the contract traps, the command rolls back.
            throw execution.Trap($"{function.FullName} failed: {error.Message}");
        }
        finally
        {
            var remaining = execution.Gas.Remaining;
            caller.Fuel = remaining;
            execution._syncedFuel = remaining;
        }
    }

    /// <summary>Charges gas; out of gas halts the contract.</summary>
    public void Charge(ulong amount)
    {
        if (!Gas.TryCharge(amount))
        {
            throw OutOfGas();
        }
    }

    /// <summary>Records a trap (unless the contract already halted) and returns the exception that stops it.</summary>
    public WasmHalt Trap(string message)
    {
        if (_status is null)
        {
            _status = WasmStatus.Trapped;
            _message = message;
        }

        return new WasmHalt(message);
    }

    public WasmHalt OutOfGas()
    {
        _status ??= WasmStatus.OutOfGas;
        return new WasmHalt("out of gas");
    }

    /// <summary><c>seal_return</c>: ends the contract with <paramref name="data"/>, reverting when asked.</summary>
    public WasmHalt Return(bool revert, byte[] data)
    {
        _status ??= revert ? WasmStatus.Reverted : WasmStatus.Returned;
        _output = data;
        return new WasmHalt(revert ? "reverted" : "returned");
    }

    public void AddEvent(WasmEvent e) => _events.Add(e);

    public void AddDebugMessage(string message)
    {
        var room = Limits.MaxDebugMessageLength - _debug.Length;
        if (room > 0)
        {
            _debug.Append(message.AsSpan(0, Math.Min(room, message.Length)));
        }
    }

    private void SettleFuel(ulong fuel)
    {
        // Fuel only goes down while WebAssembly runs, and never below zero; the meter's remaining gas
        // covers it by construction, so this charge always fits.
        if (fuel < _syncedFuel)
        {
            Gas.TryCharge(_syncedFuel - fuel);
            _syncedFuel = fuel;
        }
    }

    private void OnTrap(TrapCode? code, string message)
    {
        if (_status is not null)
        {
            return;
        }

        if (code == TrapCode.OutOfFuel)
        {
            _status = WasmStatus.OutOfGas;
            return;
        }

        _status = WasmStatus.Trapped;
        _message = code switch
        {
            TrapCode.Unreachable => "unreachable executed (the contract panicked)",
            TrapCode.StackOverflow => "call stack exhausted (recursion too deep)",
            TrapCode.MemoryOutOfBounds => "memory access out of bounds",
            TrapCode.IntegerDivisionByZero => "integer division by zero",
            TrapCode.IntegerOverflow => "integer overflow",
            TrapCode.BadConversionToInteger => "invalid conversion to integer",
            TrapCode.IndirectCallToNull => "indirect call to a null table entry",
            TrapCode.TableOutOfBounds => "table access out of bounds",
            TrapCode.BadSignature => "indirect call signature mismatch",
            { } other => $"trap: {other}",
            null => FirstLine(message),
        };
    }

    private WasmOutcome Finish()
    {
        var status = _status ?? WasmStatus.Returned;
        if (status == WasmStatus.OutOfGas && !Gas.IsExhausted && Gas.Remaining < ulong.MaxValue)
        {
            // Fuel ran out inside WebAssembly: the meter is at zero; mark it exhausted as a failed charge would.
            Gas.TryCharge(Gas.Remaining + 1);
        }

        var message = status switch
        {
            WasmStatus.OutOfGas => "out of gas",
            WasmStatus.Trapped => _message,
            _ => string.Empty,
        };
        return new WasmOutcome(status, _output, message, _events, _debug.ToString());
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
