import { AccountId } from "./account";
import { copyOut, rawBuffer } from "./env";
import { seal_get_storage, seal_set_storage, seal_contains_storage, seal_clear_storage, seal_take_storage } from "./seal";
import { U128 } from "./u128";

/** Largest stored value the host accepts (WasmLimits.MaxValueLength). */
export const MAX_VALUE: u32 = 16 * 1024;

const SENTINEL: u32 = u32.MAX_VALUE;
const KEY_NOT_FOUND: u32 = 3;
const lengthCell = memory.data(4);

// One uninitialised read buffer for the whole call (memory is 1 MiB at most and the stub runtime
// never frees): a read lands here and only the value's bytes are copied out.
let scratch: usize = 0;

function readBuffer(): usize {
  if (scratch == 0) scratch = rawBuffer(MAX_VALUE);
  store<u32>(lengthCell, MAX_VALUE);
  return scratch;
}

/**
 * A storage key: a short prefix naming the field, then the parts that select an entry of a mapping
 * (`key("bal", owner.bytes)`). Keys are variable length (seal1/seal2, as ink! 5 uses), at most 128 bytes.
 */
export function key(prefix: string, part: Uint8Array | null = null, part2: Uint8Array | null = null): Uint8Array {
  const head = String.UTF8.encode(prefix);
  const headLength = head.byteLength;
  const length1 = part ? part.length : 0;
  const length2 = part2 ? part2.length : 0;
  const out = new Uint8Array(headLength + length1 + length2);
  memory.copy(out.dataStart, changetype<usize>(head), headLength);
  if (part) memory.copy(out.dataStart + headLength, part.dataStart, length1);
  if (part2) memory.copy(out.dataStart + headLength + length1, part2.dataStart, length2);
  return out;
}

/** Byte-level and typed access to the contract's storage; absent entries read as null or the given default. */
export class Storage {
  static get(key: Uint8Array): Uint8Array | null {
    const out = readBuffer();
    if (seal_get_storage(key.dataStart, key.length, out, lengthCell) == KEY_NOT_FOUND) return null;
    return copyOut(out, <i32>load<u32>(lengthCell));
  }

  /** Writes the value; returns whether an entry was replaced. */
  static set(key: Uint8Array, value: Uint8Array): bool {
    return seal_set_storage(key.dataStart, key.length, value.dataStart, value.length) != SENTINEL;
  }

  static contains(key: Uint8Array): bool {
    return seal_contains_storage(key.dataStart, key.length) != SENTINEL;
  }

  /** Removes the entry; returns whether there was one. */
  static remove(key: Uint8Array): bool {
    return seal_clear_storage(key.dataStart, key.length) != SENTINEL;
  }

  /** Reads and removes the entry in one host call. */
  static take(key: Uint8Array): Uint8Array | null {
    const out = readBuffer();
    if (seal_take_storage(key.dataStart, key.length, out, lengthCell) == KEY_NOT_FOUND) return null;
    return copyOut(out, <i32>load<u32>(lengthCell));
  }

  static getU32(key: Uint8Array, fallback: u32 = 0): u32 {
    const value = Storage.get(key);
    return value && value.length == 4 ? load<u32>(value.dataStart) : fallback;
  }

  static setU32(key: Uint8Array, value: u32): void {
    const bytes = new Uint8Array(4);
    store<u32>(bytes.dataStart, value);
    Storage.set(key, bytes);
  }

  static getU64(key: Uint8Array, fallback: u64 = 0): u64 {
    const value = Storage.get(key);
    return value && value.length == 8 ? load<u64>(value.dataStart) : fallback;
  }

  static setU64(key: Uint8Array, value: u64): void {
    const bytes = new Uint8Array(8);
    store<u64>(bytes.dataStart, value);
    Storage.set(key, bytes);
  }

  /** A u128 (16 bytes little-endian, SCALE u128); zero when absent. */
  static getU128(key: Uint8Array): U128 {
    const value = Storage.get(key);
    return value && value.length == 16 ? new U128(load<u64>(value.dataStart), load<u64>(value.dataStart, 8)) : U128.Zero;
  }

  /** Stores a u128; a zero value removes the entry, so empty balances cost no storage. */
  static setU128(key: Uint8Array, value: U128): void {
    if (value.isZero()) {
      Storage.remove(key);
      return;
    }
    const bytes = new Uint8Array(16);
    store<u64>(bytes.dataStart, value.lo);
    store<u64>(bytes.dataStart, value.hi, 8);
    Storage.set(key, bytes);
  }

  static getBool(key: Uint8Array): bool {
    const value = Storage.get(key);
    return value != null && value.length == 1 && value[0] == 1;
  }

  static setBool(key: Uint8Array, value: bool): void {
    const bytes = new Uint8Array(1);
    bytes[0] = value ? 1 : 0;
    Storage.set(key, bytes);
  }

  static getAccountId(key: Uint8Array): AccountId | null {
    const value = Storage.get(key);
    return value && value.length == AccountId.LENGTH ? new AccountId(value) : null;
  }

  static setAccountId(key: Uint8Array, value: AccountId): void {
    Storage.set(key, value.bytes);
  }
}
