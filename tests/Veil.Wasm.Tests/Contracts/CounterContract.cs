namespace Veil.Wasm.Tests.Contracts;

/// <summary>
/// An ink!-shaped counter in WebAssembly text: constructor <c>new(init: u32)</c>, messages
/// <c>get() -> u32</c> and <c>inc(by: u32)</c>, state in a u32 under the 4-byte storage key 0 (ink! 5's
/// root key) through seal1.get_storage / seal2.set_storage. Messages answer as ink! does,
/// <c>Result&lt;T, LangError&gt;</c>: <c>0x00 ‖ value</c>; an unknown selector reverts with
/// <c>Err(CouldNotReadInput)</c> = <c>0x01 0x01</c>; overflow panics (unreachable).
/// </summary>
public static class CounterContract
{
    public static readonly byte[] New = [0x9B, 0xAE, 0x9D, 0x5E];
    public static readonly byte[] Get = [0x2F, 0x86, 0x5B, 0xD9];
    public static readonly byte[] Inc = [0x12, 0x34, 0x56, 0x78];

    public const string Wat = """
    (module
      (import "seal0" "input" (func $input (param i32 i32)))
      (import "seal0" "seal_return" (func $seal_return (param i32 i32 i32)))
      (import "seal1" "get_storage" (func $get_storage (param i32 i32 i32 i32) (result i32)))
      (import "seal2" "set_storage" (func $set_storage (param i32 i32 i32 i32) (result i32)))
      (import "env" "memory" (memory 1 1))

      ;; 0x00 input capacity/length, 0x04 storage key (4 zero bytes), 0x08 value length,
      ;; 0x0C value, 0x20 output, 0x100 input
      (func $read_input (result i32)
        (i32.store (i32.const 0) (i32.const 256))
        (call $input (i32.const 0x100) (i32.const 0))
        (i32.load (i32.const 0)))

      (func $load (result i32)
        (i32.store (i32.const 0x08) (i32.const 4))
        (if (call $get_storage (i32.const 0x04) (i32.const 4) (i32.const 0x0C) (i32.const 0x08))
          (then (unreachable)))
        (i32.load (i32.const 0x0C)))

      (func $store (param $value i32)
        (i32.store (i32.const 0x0C) (local.get $value))
        (drop (call $set_storage (i32.const 0x04) (i32.const 4) (i32.const 0x0C) (i32.const 4))))

      (func $could_not_read_input
        (i32.store16 (i32.const 0x20) (i32.const 0x0101))
        (call $seal_return (i32.const 1) (i32.const 0x20) (i32.const 2)))

      (func (export "deploy")
        (if (i32.or (i32.ne (call $read_input) (i32.const 8)) (i32.ne (i32.load (i32.const 0x100)) (i32.const 0x5E9DAE9B)))
          (then (call $could_not_read_input)))
        (call $store (i32.load (i32.const 0x104))))

      (func (export "call")
        (local $len i32) (local $selector i32) (local $value i32) (local $by i32)
        (local.set $len (call $read_input))
        (local.set $selector (i32.load (i32.const 0x100)))
        (if (i32.and (i32.eq (local.get $len) (i32.const 4)) (i32.eq (local.get $selector) (i32.const 0xD95B862F)))
          (then
            (i32.store8 (i32.const 0x20) (i32.const 0))
            (i32.store (i32.const 0x21) (call $load))
            (call $seal_return (i32.const 0) (i32.const 0x20) (i32.const 5))
            (return)))
        (if (i32.and (i32.eq (local.get $len) (i32.const 8)) (i32.eq (local.get $selector) (i32.const 0x78563412)))
          (then
            (local.set $value (call $load))
            (local.set $by (i32.load (i32.const 0x104)))
            ;; u32 overflow panics, as ink! does with overflow checks on
            (if (i32.lt_u (i32.add (local.get $value) (local.get $by)) (local.get $value)) (then (unreachable)))
            (call $store (i32.add (local.get $value) (local.get $by)))
            (i32.store8 (i32.const 0x20) (i32.const 0))
            (call $seal_return (i32.const 0) (i32.const 0x20) (i32.const 1))
            (return)))
        (call $could_not_read_input))
    )
    """;

    public static byte[] Construct(uint initial) => [.. New, .. BitConverter.GetBytes(initial)];

    public static byte[] Increment(uint by) => [.. Inc, .. BitConverter.GetBytes(by)];
}
