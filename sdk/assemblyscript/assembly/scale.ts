import { AccountId } from "./account";
import { U128 } from "./u128";

/**
 * Appends SCALE (Parity's codec) encodings to a growable buffer: fixed-width little-endian integers,
 * compact integers, bool, Vec<u8>, str, [u8; 32], Option and Result tags.
 */
export class ScaleWriter {
  private buffer: Uint8Array;
  private length: i32 = 0;

  constructor(capacity: i32 = 64) {
    this.buffer = new Uint8Array(capacity > 0 ? capacity : 1);
  }

  get size(): i32 { return this.length; }

  /** The bytes written so far (a copy-free view). */
  toBytes(): Uint8Array { return this.buffer.subarray(0, this.length); }

  private reserve(extra: i32): usize {
    const needed = this.length + extra;
    if (needed > this.buffer.length) {
      let capacity = this.buffer.length << 1;
      while (capacity < needed) capacity <<= 1;
      const grown = new Uint8Array(capacity);
      memory.copy(grown.dataStart, this.buffer.dataStart, this.length);
      this.buffer = grown;
    }
    const at = this.buffer.dataStart + <usize>this.length;
    this.length = needed;
    return at;
  }

  u8(value: u8): ScaleWriter { store<u8>(this.reserve(1), value); return this; }
  u16(value: u16): ScaleWriter { store<u16>(this.reserve(2), value); return this; }
  u32(value: u32): ScaleWriter { store<u32>(this.reserve(4), value); return this; }
  u64(value: u64): ScaleWriter { store<u64>(this.reserve(8), value); return this; }
  i8(value: i8): ScaleWriter { return this.u8(<u8>value); }
  i16(value: i16): ScaleWriter { return this.u16(<u16>value); }
  i32(value: i32): ScaleWriter { return this.u32(<u32>value); }
  i64(value: i64): ScaleWriter { return this.u64(<u64>value); }

  u128(value: U128): ScaleWriter {
    const at = this.reserve(16);
    store<u64>(at, value.lo);
    store<u64>(at, value.hi, 8);
    return this;
  }

  bool(value: bool): ScaleWriter { return this.u8(value ? 1 : 0); }

  /** SCALE Compact<u32> (single-, two-, four-byte and big-integer modes). */
  compact(value: u32): ScaleWriter {
    if (value < 1 << 6) return this.u8(<u8>(value << 2));
    if (value < 1 << 14) return this.u16(<u16>((value << 2) | 1));
    if (value < 1 << 30) return this.u32((value << 2) | 2);
    this.u8(3);
    return this.u32(value);
  }

  /** Raw bytes, no length prefix ([u8; N]). */
  raw(bytes: Uint8Array): ScaleWriter {
    memory.copy(this.reserve(bytes.length), bytes.dataStart, bytes.length);
    return this;
  }

  /** Vec<u8>: compact length then the bytes. */
  bytes(bytes: Uint8Array): ScaleWriter { return this.compact(bytes.length).raw(bytes); }

  /** str / String: Vec<u8> of UTF-8. */
  string(value: string): ScaleWriter { return this.bytes(Uint8Array.wrap(String.UTF8.encode(value))); }

  accountId(value: AccountId): ScaleWriter { return this.raw(value.bytes); }

  /** Option tag: 0x00 None, 0x01 Some (the value follows, written by the caller). */
  optionTag(some: bool): ScaleWriter { return this.u8(some ? 1 : 0); }

  /** Result tag: 0x00 Ok, 0x01 Err (the value follows, written by the caller). */
  resultTag(ok: bool): ScaleWriter { return this.u8(ok ? 0 : 1); }
}

/**
 * Reads SCALE from a byte array. A read past the end or a malformed value sets {@link failed} and
 * yields zero values instead of trapping, so a dispatcher can answer ink!'s CouldNotReadInput.
 */
export class ScaleReader {
  private offset: i32;
  failed: bool = false;

  constructor(private readonly data: Uint8Array, offset: i32 = 0) {
    this.offset = offset;
  }

  get remaining(): i32 { return this.data.length - this.offset; }

  /** True when everything was read and nothing failed (trailing bytes are refused). */
  finish(): bool { return !this.failed && this.offset == this.data.length; }

  private take(count: i32): usize {
    if (this.failed || count < 0 || count > this.remaining) {
      this.failed = true;
      return 0;
    }
    const at = this.data.dataStart + <usize>this.offset;
    this.offset += count;
    return at;
  }

  u8(): u8 { const at = this.take(1); return at ? load<u8>(at) : 0; }
  u16(): u16 { const at = this.take(2); return at ? load<u16>(at) : 0; }
  u32(): u32 { const at = this.take(4); return at ? load<u32>(at) : 0; }
  u64(): u64 { const at = this.take(8); return at ? load<u64>(at) : 0; }
  i8(): i8 { return <i8>this.u8(); }
  i16(): i16 { return <i16>this.u16(); }
  i32(): i32 { return <i32>this.u32(); }
  i64(): i64 { return <i64>this.u64(); }

  u128(): U128 {
    const at = this.take(16);
    return at ? new U128(load<u64>(at), load<u64>(at, 8)) : U128.Zero;
  }

  bool(): bool {
    const value = this.u8();
    if (value > 1) this.failed = true;
    return value == 1;
  }

  /** Compact<u32>; larger values, and non-canonical encodings, fail. */
  compact(): u32 {
    const first = this.u8();
    switch (first & 3) {
      case 0: return first >> 2;
      case 1: {
        const value = ((<u32>this.u8() << 8) | first) >> 2;
        if (value < 1 << 6) this.failed = true;
        return value;
      }
      case 2: {
        const rest = this.take(3);
        if (!rest) return 0;
        const value = ((<u32>load<u8>(rest) << 8) | (<u32>load<u8>(rest, 1) << 16) | (<u32>load<u8>(rest, 2) << 24) | first) >> 2;
        if (value < 1 << 14) this.failed = true;
        return value;
      }
      default: {
        if (first != 3) { this.failed = true; return 0; }
        const value = this.u32();
        if (value < 1 << 30) this.failed = true;
        return value;
      }
    }
  }

  /** [u8; count]. */
  raw(count: i32): Uint8Array {
    const at = this.take(count);
    const out = new Uint8Array(at ? count : 0);
    if (at) memory.copy(out.dataStart, at, count);
    return out;
  }

  /** Vec<u8>. */
  bytes(): Uint8Array {
    const length = this.compact();
    return this.raw(length > <u32>this.remaining ? -1 : <i32>length);
  }

  string(): string {
    const bytes = this.bytes();
    return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
  }

  accountId(): AccountId {
    const bytes = this.raw(AccountId.LENGTH);
    return bytes.length == AccountId.LENGTH ? new AccountId(bytes) : AccountId.zero();
  }

  /** Option tag: true for Some (read the value next). */
  optionTag(): bool { return this.bool(); }

  /** Result tag: true for Ok (read the value next). */
  resultTag(): bool { return !this.bool(); }
}
