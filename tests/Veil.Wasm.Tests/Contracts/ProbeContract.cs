using System.Buffers.Binary;

namespace Veil.Wasm.Tests.Contracts;

/// <summary>
/// A test contract in WebAssembly text that reaches every host function through the ink! calling
/// convention: <c>input</c> gives a 4-byte selector (<c>op, 0, 0, 0</c>) then the arguments, and the
/// answer leaves through <c>seal_return</c>. Memory: capacity/length words at 0x0 and 0x10, input at
/// 0x100 (up to 32 KiB), output at 0x9000.
/// </summary>
public static class ProbeContract
{
    public const byte SetFixed0 = 1;
    public const byte SetFixed1 = 2;
    public const byte SetVariable2 = 3;
    public const byte GetFixed0 = 4;
    public const byte GetVariable1 = 5;
    public const byte ContainsFixed0 = 6;
    public const byte ContainsVariable1 = 7;
    public const byte ClearFixed0 = 8;
    public const byte ClearVariable1 = 9;
    public const byte Take0 = 10;
    public const byte Hash = 11;
    public const byte Event = 12;
    public const byte WriteThenRevert = 13;
    public const byte WriteThenLoop = 14;
    public const byte Grow = 15;
    public const byte WriteThenRecurse = 16;
    public const byte Environment = 17;
    public const byte WriteThenUnreachable = 18;
    public const byte BadReturnFlags = 19;
    public const byte GetIntoTinyBuffer = 20;
    public const byte InputOutOfBounds = 21;
    public const byte Debug = 22;
    public const byte Loop = 23;

    /// <summary>The key <see cref="WriteThenRevert"/> and friends write before failing (variable key "rv").</summary>
    public static readonly byte[] FailureKey = "rv"u8.ToArray();

    public const string Wat = """
    (module
      (import "seal0" "input" (func $input (param i32 i32)))
      (import "seal0" "seal_return" (func $seal_return (param i32 i32 i32)))
      (import "seal0" "set_storage" (func $set0 (param i32 i32 i32)))
      (import "seal1" "set_storage" (func $set1 (param i32 i32 i32) (result i32)))
      (import "seal2" "set_storage" (func $set2 (param i32 i32 i32 i32) (result i32)))
      (import "seal0" "get_storage" (func $get0 (param i32 i32 i32) (result i32)))
      (import "seal1" "get_storage" (func $get1 (param i32 i32 i32 i32) (result i32)))
      (import "seal0" "contains_storage" (func $contains0 (param i32) (result i32)))
      (import "seal1" "contains_storage" (func $contains1 (param i32 i32) (result i32)))
      (import "seal0" "clear_storage" (func $clear0 (param i32)))
      (import "seal1" "clear_storage" (func $clear1 (param i32 i32) (result i32)))
      (import "seal0" "take_storage" (func $take (param i32 i32 i32 i32) (result i32)))
      (import "seal0" "hash_sha2_256" (func $sha2 (param i32 i32 i32)))
      (import "seal0" "hash_keccak_256" (func $keccak (param i32 i32 i32)))
      (import "seal0" "hash_blake2_256" (func $blake256 (param i32 i32 i32)))
      (import "seal0" "hash_blake2_128" (func $blake128 (param i32 i32 i32)))
      (import "seal0" "deposit_event" (func $event (param i32 i32 i32 i32)))
      (import "seal0" "debug_message" (func $debug (param i32 i32) (result i32)))
      (import "seal0" "caller" (func $caller (param i32 i32)))
      (import "seal0" "address" (func $address (param i32 i32)))
      (import "seal0" "value_transferred" (func $value (param i32 i32)))
      (import "seal0" "block_number" (func $block (param i32 i32)))
      (import "seal0" "now" (func $now (param i32 i32)))
      (import "env" "memory" (memory 1 16))

      (data (i32.const 0xC000) "rv")
      (data (i32.const 0xC010) "oops")
      (data (i32.const 0xC020) "init")

      ;; Reads the input to 0x100 and returns its length.
      (func $read_input (result i32)
        (i32.store (i32.const 0) (i32.const 0x8000))
        (call $input (i32.const 0x100) (i32.const 0))
        (i32.load (i32.const 0)))

      (func $ret (param $ptr i32) (param $len i32)
        (call $seal_return (i32.const 0) (local.get $ptr) (local.get $len)))

      ;; Returns code ‖ value (value only on success), from a get/take that wrote to 0x9004 with capacity at 0x10.
      (func $ret_code_value (param $code i32)
        (i32.store (i32.const 0x9000) (local.get $code))
        (if (local.get $code) (then (i32.store (i32.const 0x10) (i32.const 0))))
        (call $ret (i32.const 0x9000) (i32.add (i32.const 4) (i32.load (i32.const 0x10)))))

      (func $ret_i32 (param $value i32)
        (i32.store (i32.const 0x9000) (local.get $value))
        (call $ret (i32.const 0x9000) (i32.const 4)))

      (func $write_failure_key (param $len i32)
        (drop (call $set2 (i32.const 0xC000) (i32.const 2) (i32.const 0x104) (i32.sub (local.get $len) (i32.const 4)))))

      (func $recurse (param $depth i32) (result i32)
        (i32.add (i32.const 1) (call $recurse (i32.add (local.get $depth) (i32.const 1)))))

      ;; Stores its input under the variable key "init".
      (func (export "deploy")
        (local $len i32)
        (local.set $len (call $read_input))
        (drop (call $set2 (i32.const 0xC020) (i32.const 4) (i32.const 0x100) (local.get $len))))

      (func (export "call")
        (local $len i32) (local $op i32) (local $k i32)
        (local.set $len (call $read_input))
        (local.set $op (i32.load (i32.const 0x100)))
        ;; variable-key ops: key length byte at 0x104, key at 0x105
        (local.set $k (i32.load8_u (i32.const 0x104)))
        (i32.store (i32.const 0x10) (i32.const 4000))

        (if (i32.eq (local.get $op) (i32.const 1)) (then
          (call $set0 (i32.const 0x104) (i32.const 0x124) (i32.sub (local.get $len) (i32.const 36))) (return)))
        (if (i32.eq (local.get $op) (i32.const 2)) (then
          (call $ret_i32 (call $set1 (i32.const 0x104) (i32.const 0x124) (i32.sub (local.get $len) (i32.const 36)))) (return)))
        (if (i32.eq (local.get $op) (i32.const 3)) (then
          (call $ret_i32 (call $set2 (i32.const 0x105) (local.get $k)
            (i32.add (i32.const 0x105) (local.get $k)) (i32.sub (i32.sub (local.get $len) (i32.const 5)) (local.get $k)))) (return)))
        (if (i32.eq (local.get $op) (i32.const 4)) (then
          (call $ret_code_value (call $get0 (i32.const 0x104) (i32.const 0x9004) (i32.const 0x10))) (return)))
        (if (i32.eq (local.get $op) (i32.const 5)) (then
          (call $ret_code_value (call $get1 (i32.const 0x105) (local.get $k) (i32.const 0x9004) (i32.const 0x10))) (return)))
        (if (i32.eq (local.get $op) (i32.const 6)) (then
          (call $ret_i32 (call $contains0 (i32.const 0x104))) (return)))
        (if (i32.eq (local.get $op) (i32.const 7)) (then
          (call $ret_i32 (call $contains1 (i32.const 0x105) (local.get $k))) (return)))
        (if (i32.eq (local.get $op) (i32.const 8)) (then
          (call $clear0 (i32.const 0x104)) (return)))
        (if (i32.eq (local.get $op) (i32.const 9)) (then
          (call $ret_i32 (call $clear1 (i32.const 0x105) (local.get $k))) (return)))
        (if (i32.eq (local.get $op) (i32.const 10)) (then
          (call $ret_code_value (call $take (i32.const 0x105) (local.get $k) (i32.const 0x9004) (i32.const 0x10))) (return)))
        (if (i32.eq (local.get $op) (i32.const 11)) (then
          ;; kind byte at 0x104: 0 sha2-256, 1 keccak-256, 2 blake2-256, 3 blake2-128; data from 0x105
          (if (i32.eq (local.get $k) (i32.const 0)) (then (call $sha2 (i32.const 0x105) (i32.sub (local.get $len) (i32.const 5)) (i32.const 0x9000))))
          (if (i32.eq (local.get $k) (i32.const 1)) (then (call $keccak (i32.const 0x105) (i32.sub (local.get $len) (i32.const 5)) (i32.const 0x9000))))
          (if (i32.eq (local.get $k) (i32.const 2)) (then (call $blake256 (i32.const 0x105) (i32.sub (local.get $len) (i32.const 5)) (i32.const 0x9000))))
          (if (i32.eq (local.get $k) (i32.const 3)) (then (call $blake128 (i32.const 0x105) (i32.sub (local.get $len) (i32.const 5)) (i32.const 0x9000))))
          (call $ret (i32.const 0x9000) (select (i32.const 16) (i32.const 32) (i32.eq (local.get $k) (i32.const 3)))) (return)))
        (if (i32.eq (local.get $op) (i32.const 12)) (then
          ;; topics length byte at 0x104, topics from 0x105, data after them
          (call $event (i32.const 0x105) (local.get $k)
            (i32.add (i32.const 0x105) (local.get $k)) (i32.sub (i32.sub (local.get $len) (i32.const 5)) (local.get $k))) (return)))
        (if (i32.eq (local.get $op) (i32.const 13)) (then
          (call $write_failure_key (local.get $len))
          (call $seal_return (i32.const 1) (i32.const 0xC010) (i32.const 4)) (return)))
        (if (i32.eq (local.get $op) (i32.const 14)) (then
          (call $write_failure_key (local.get $len))
          (loop $forever (br $forever)) (return)))
        (if (i32.eq (local.get $op) (i32.const 15)) (then
          (call $ret_i32 (memory.grow (local.get $k))) (return)))
        (if (i32.eq (local.get $op) (i32.const 16)) (then
          (call $write_failure_key (local.get $len))
          (drop (call $recurse (i32.const 0))) (return)))
        (if (i32.eq (local.get $op) (i32.const 17)) (then
          (i32.store (i32.const 0x10) (i32.const 32)) (call $caller (i32.const 0x9000) (i32.const 0x10))
          (i32.store (i32.const 0x10) (i32.const 32)) (call $address (i32.const 0x9020) (i32.const 0x10))
          (i32.store (i32.const 0x10) (i32.const 16)) (call $value (i32.const 0x9040) (i32.const 0x10))
          (i32.store (i32.const 0x10) (i32.const 4)) (call $block (i32.const 0x9050) (i32.const 0x10))
          (i32.store (i32.const 0x10) (i32.const 8)) (call $now (i32.const 0x9054) (i32.const 0x10))
          (call $ret (i32.const 0x9000) (i32.const 92)) (return)))
        (if (i32.eq (local.get $op) (i32.const 18)) (then
          (call $write_failure_key (local.get $len))
          (unreachable)))
        (if (i32.eq (local.get $op) (i32.const 19)) (then
          (call $seal_return (i32.const 2) (i32.const 0) (i32.const 0)) (return)))
        (if (i32.eq (local.get $op) (i32.const 20)) (then
          (i32.store (i32.const 0x10) (i32.const 1))
          (call $ret_code_value (call $get1 (i32.const 0x105) (local.get $k) (i32.const 0x9004) (i32.const 0x10))) (return)))
        (if (i32.eq (local.get $op) (i32.const 21)) (then
          (call $input (i32.const 0xFFFFFF00) (i32.const 0)) (return)))
        (if (i32.eq (local.get $op) (i32.const 22)) (then
          (call $ret_i32 (call $debug (i32.const 0x104) (i32.sub (local.get $len) (i32.const 4)))) (return)))
        (if (i32.eq (local.get $op) (i32.const 23)) (then
          (loop $spin (br $spin))))
        ;; Unknown selector: revert with ink!'s Err(LangError::CouldNotReadInput).
        (i32.store16 (i32.const 0x9000) (i32.const 0x0101))
        (call $seal_return (i32.const 1) (i32.const 0x9000) (i32.const 2)))
    )
    """;

    public static byte[] Input(byte op, params ReadOnlySpan<byte> arguments)
    {
        var input = new byte[4 + arguments.Length];
        input[0] = op;
        arguments.CopyTo(input.AsSpan(4));
        return input;
    }

    /// <summary>An op on a variable key: <c>selector ‖ key_len: u8 ‖ key ‖ rest</c>.</summary>
    public static byte[] WithKey(byte op, ReadOnlySpan<byte> key, ReadOnlySpan<byte> rest = default)
    {
        var arguments = new byte[1 + key.Length + rest.Length];
        arguments[0] = (byte)key.Length;
        key.CopyTo(arguments.AsSpan(1));
        rest.CopyTo(arguments.AsSpan(1 + key.Length));
        return Input(op, arguments);
    }

    /// <summary>An op on a fixed 32-byte key: <c>selector ‖ key[32] ‖ rest</c>.</summary>
    public static byte[] WithFixedKey(byte op, ReadOnlySpan<byte> key32, ReadOnlySpan<byte> rest = default)
    {
        var arguments = new byte[32 + rest.Length];
        key32.CopyTo(arguments);
        rest.CopyTo(arguments.AsSpan(32));
        return Input(op, arguments);
    }

    public static uint ReadU32(byte[] output, int offset = 0) => BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(offset));
}
