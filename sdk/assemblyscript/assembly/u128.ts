/**
 * An unsigned 128-bit integer (ink!'s Balance) as two u64 halves. Arithmetic is checked, as ink!
 * builds with overflow checks: add and sub panic (trap) on overflow, so a failing command rolls back.
 */
export class U128 {
  constructor(public lo: u64 = 0, public hi: u64 = 0) {}

  static get Zero(): U128 { return new U128(0, 0); }

  static from(value: u64): U128 { return new U128(value, 0); }

  isZero(): bool { return (this.lo | this.hi) == 0; }

  eq(other: U128): bool { return this.lo == other.lo && this.hi == other.hi; }

  lt(other: U128): bool { return this.hi < other.hi || (this.hi == other.hi && this.lo < other.lo); }

  le(other: U128): bool { return !other.lt(this); }

  gt(other: U128): bool { return other.lt(this); }

  ge(other: U128): bool { return !this.lt(other); }

  /** this + other; traps on overflow. */
  add(other: U128): U128 {
    const lo = this.lo + other.lo;
    const carry: u64 = lo < this.lo ? 1 : 0;
    const hi = this.hi + other.hi;
    if (hi < this.hi) unreachable();
    const sum = hi + carry;
    if (sum < hi) unreachable();
    return new U128(lo, sum);
  }

  /** this - other; traps when other > this (callers check first and refuse with their own error). */
  sub(other: U128): U128 {
    if (this.lt(other)) unreachable();
    const borrow: u64 = this.lo < other.lo ? 1 : 0;
    return new U128(this.lo - other.lo, this.hi - other.hi - borrow);
  }

  clone(): U128 { return new U128(this.lo, this.hi); }
}
