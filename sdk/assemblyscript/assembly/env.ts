import { AccountId } from "./account";
import {
  seal_input, seal_return, seal_caller, seal_address, seal_value_transferred, seal_block_number, seal_now,
  seal_gas_left, seal_debug_message, seal_hash_blake2_256, seal_hash_blake2_128, seal_hash_sha2_256,
  seal_hash_keccak_256,
  veil_ed25519_verify,
} from "./seal";
import { U128 } from "./u128";

/** Largest input accepted: a storage value or event is bounded at 16 KiB by the host, so is the input here. */
export const MAX_INPUT: u32 = 16 * 1024;

const REVERT: u32 = 1;

// The (out_ptr, out_len_ptr) length cell, in static data so reading a host value allocates only the result.
const lengthCell = memory.data(4);

/** Calls a host function that writes up to `capacity` bytes via the (out_ptr, out_len_ptr) convention. */
export function readHost(capacity: u32, read: (out: usize, outLen: usize) => void): Uint8Array {
  const out = new Uint8Array(capacity);
  store<u32>(lengthCell, capacity);
  read(out.dataStart, lengthCell);
  return out.subarray(0, <i32>load<u32>(lengthCell));
}

/**
 * Copies `length` bytes at `pointer` into a new array. Large host outputs land in raw buffers from
 * {@link rawBuffer} and only their bytes are copied out: zero-filling a 16 KiB Uint8Array costs
 * about as much gas as 16 K instructions (Wasmtime meters bulk memory by size).
 */
export function copyOut(pointer: usize, length: i32): Uint8Array {
  const out = new Uint8Array(length);
  memory.copy(out.dataStart, pointer, length);
  return out;
}

/** An uninitialised buffer of `size` bytes (the stub runtime never frees; memory is fresh per call). */
export function rawBuffer(size: u32): usize {
  return heap.alloc(size);
}

/** The call's input: a 4-byte selector then the SCALE arguments (the dispatcher reads it for you). */
export function input(): Uint8Array {
  const buffer = rawBuffer(MAX_INPUT);
  store<u32>(lengthCell, MAX_INPUT);
  seal_input(buffer, lengthCell);
  return copyOut(buffer, <i32>load<u32>(lengthCell));
}

/** Ends the call successfully with `data` as output; never returns. */
export function returnBytes(data: Uint8Array): void {
  seal_return(0, data.dataStart, data.length);
  unreachable();
}

/** Ends the call with the revert flag: every change of this call is rolled back; never returns. */
export function revertBytes(data: Uint8Array): void {
  seal_return(REVERT, data.dataStart, data.length);
  unreachable();
}

/**
 * Refuses the call with a contract error, ink!-style: reverts with `Ok(Err(code))` (bytes `00 01 code`),
 * what an ink! message returning `Result<T, E>` does for `Err(e)` of a field-less error enum. Declare
 * the enum (values 0..255) with `@message({ throws: "MyError" })` so the metadata describes it. Never returns.
 */
export function fail(code: i32): void {
  if (<u32>code > 255) unreachable();
  const data = new Uint8Array(3);
  data[1] = 1;
  data[2] = <u8>code;
  revertBytes(data);
}

/** Logs `message` (kept by the host for debugging) and traps, as a Rust panic does. Never returns. */
export function panic(message: string): void {
  debug(message);
  unreachable();
}

/** pallet-contracts' debug_message: a UTF-8 note the host keeps for the developer (bounded). */
export function debug(message: string): void {
  const bytes = String.UTF8.encode(message);
  seal_debug_message(changetype<usize>(bytes), <u32>bytes.byteLength);
}

/** Who sent the command or query: the account (or contract) that signed it, never a claimed value. */
export function caller(): AccountId {
  return new AccountId(readHost(32, (out: usize, outLen: usize): void => { seal_caller(out, outLen); }));
}

/** This contract's own id. */
export function address(): AccountId {
  return new AccountId(readHost(32, (out: usize, outLen: usize): void => { seal_address(out, outLen); }));
}

/** Value sent with the command (u128 Balance); always zero in queries. */
export function valueTransferred(): U128 {
  const bytes = readHost(16, (out: usize, outLen: usize): void => { seal_value_transferred(out, outLen); });
  return new U128(load<u64>(bytes.dataStart), load<u64>(bytes.dataStart, 8));
}

/** The block that delivered the command (the head a query was answered at): ink!'s u32 BlockNumber. */
export function blockNumber(): u32 {
  return load<u32>(readHost(4, (out: usize, outLen: usize): void => { seal_block_number(out, outLen); }).dataStart);
}

/** The delivering block's timestamp, milliseconds since the Unix epoch (chain time, not the worker's clock). */
export function now(): u64 {
  return load<u64>(readHost(8, (out: usize, outLen: usize): void => { seal_now(out, outLen); }).dataStart);
}

/** Gas left for this call. */
export function gasLeft(): u64 {
  return load<u64>(readHost(8, (out: usize, outLen: usize): void => { seal_gas_left(out, outLen); }).dataStart);
}

export function blake2b256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  seal_hash_blake2_256(data.dataStart, data.length, out.dataStart);
  return out;
}

export function blake2b128(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  seal_hash_blake2_128(data.dataStart, data.length, out.dataStart);
  return out;
}

export function sha256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  seal_hash_sha2_256(data.dataStart, data.length, out.dataStart);
  return out;
}

export function keccak256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  seal_hash_keccak_256(data.dataStart, data.length, out.dataStart);
  return out;
}

/** True when `signature` (64 bytes) is `signer`'s Ed25519 signature of `message` (Veil's `veil.ed25519_verify`). */
export function ed25519Verify(signature: Uint8Array, signer: AccountId, message: Uint8Array): bool {
  if (signature.length != 64) return false;
  return veil_ed25519_verify(signature.dataStart, signer.bytes.dataStart, message.dataStart, message.length) == 0;
}
