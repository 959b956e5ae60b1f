// A counter, as ink!'s first example: a u32 under one storage key.
import { Storage, key, panic } from "../../assembly";

const VALUE = "value";

/** Creates the counter with a starting value. */
@constructor({ label: "new" })
export function create(init: u32): void {
  Storage.setU32(key(VALUE), init);
}

/** The current value. */
@message
export function get(): u32 {
  return Storage.getU32(key(VALUE));
}

/** Adds `by`; overflow panics and the command is rolled back. */
@message({ mutates: true })
export function inc(by: u32): void {
  const value = Storage.getU32(key(VALUE));
  if (value > u32.MAX_VALUE - by) panic("counter overflow");
  Storage.setU32(key(VALUE), value + by);
}
