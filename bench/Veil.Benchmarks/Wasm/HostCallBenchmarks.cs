using BenchmarkDotNet.Attributes;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Protocol.Messaging;
using Veil.Wasm;
using Wasmtime;

namespace Veil.Benchmarks.Wasm;

/// <summary>
/// The cost of running WebAssembly contracts: one invocation that returns at once (store, memory,
/// instantiation, state transaction), the same with 1,000 host calls (<c>seal0.now</c>, so
/// (HostCalls − EmptyCall) / 1,000 is one host call with its gas settlement and output-buffer copy), and
/// an ink!-shaped counter increment (a storage read and write). Issue #4 targets 3,000 confidential
/// token transfers per second end to end on two cores.
/// </summary>
[MemoryDiagnoser]
public class HostCallBenchmarks
{
    private const string Wat = """
    (module
      (import "seal0" "input" (func $input (param i32 i32)))
      (import "seal0" "now" (func $now (param i32 i32)))
      (import "seal1" "get_storage" (func $get (param i32 i32 i32 i32) (result i32)))
      (import "seal2" "set_storage" (func $set (param i32 i32 i32 i32) (result i32)))
      (import "env" "memory" (memory 1 16))
      (func (export "deploy"))
      (func (export "call")
        (local $i i32) (local $n i32)
        (i32.store (i32.const 0) (i32.const 64))
        (call $input (i32.const 0x100) (i32.const 0))
        (local.set $n (i32.load (i32.const 0x100)))
        ;; n = 0xFFFFFFFF: increment a counter in storage; otherwise call seal0.now n times
        (if (i32.eq (local.get $n) (i32.const -1))
          (then
            (i32.store (i32.const 0x08) (i32.const 4))
            (drop (call $get (i32.const 0x04) (i32.const 4) (i32.const 0x0C) (i32.const 0x08)))
            (i32.store (i32.const 0x0C) (i32.add (i32.load (i32.const 0x0C)) (i32.const 1)))
            (drop (call $set (i32.const 0x04) (i32.const 4) (i32.const 0x0C) (i32.const 4)))
            (return)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (i32.store (i32.const 0x10) (i32.const 8))
            (call $now (i32.const 0x20) (i32.const 0x10))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next))))
    )
    """;

    private static readonly Origin Caller = Origin.Account(new AccountId(new byte[32]));

    private ContractInstance _instance = null!;
    private byte[] _empty = [];
    private byte[] _hostCalls = [];
    private byte[] _increment = [];
    private ulong _block;

    [GlobalSetup]
    public void Setup()
    {
        if (!WasmEngine.Shared.TryLoad(Module.ConvertText(Wat), out var code, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _instance = new ContractInstance(new Hash256(new byte[32]), new WasmContract(code));
        Run(new WasmInvocation(WasmEntry.Deploy, 0, 0, []).Encode());
        _empty = Invocation(0);
        _hostCalls = Invocation(1_000);
        _increment = Invocation(uint.MaxValue);
    }

    [Benchmark(Baseline = true)]
    public ContractOutcome EmptyCall() => Run(_empty);

    [Benchmark(OperationsPerInvoke = 1)]
    public ContractOutcome HostCalls1000() => Run(_hostCalls);

    [Benchmark]
    public ContractOutcome CounterIncrement() => Run(_increment);

    private static byte[] Invocation(uint n) => new WasmInvocation(WasmEntry.Call, 0, 0, BitConverter.GetBytes(n)).Encode();

    private ContractOutcome Run(byte[] command)
    {
        var outcome = _instance.Handle(command, Caller, ++_block, 10_000_000);
        return outcome.IsSuccess ? outcome : throw new InvalidOperationException(outcome.ToString());
    }
}
