// A confidential fungible token with allowances (ERC-20 / PSP22 shape). Balances and allowances live
// in the contract's encrypted state; a balance is answered only to its owner, an allowance only to
// its owner or spender (the query caller is the account that signed the query, so it cannot be faked).
import { AccountId, ScaleWriter, Storage, U128, caller, emitEvent, fail, key } from "../../assembly";

/** Why a token message refused (SCALE: one byte, the variant index). */
export enum TokenError {
  /** The sender's balance is lower than the amount. */
  InsufficientBalance,
  /** The spender's allowance is lower than the amount. */
  InsufficientAllowance,
  /** The caller may not read this balance or allowance. */
  NotAuthorized,
}

const SUPPLY = "supply";
const BALANCE = "bal";
const ALLOWANCE = "alw";

// Event payloads, ink! 4 style: the event's index in the contract's event enum, then its fields.
const TRANSFER_EVENT: u8 = 0;
const APPROVAL_EVENT: u8 = 1;

/** Mints the whole supply to the deployer. */
@constructor({ label: "new" })
export function create(total_supply: U128): void {
  const owner = caller();
  Storage.setU128(key(SUPPLY), total_supply);
  Storage.setU128(key(BALANCE, owner.bytes), total_supply);
  transferred(null, owner, total_supply);
}

/** Total tokens in existence. */
@message
export function total_supply(): U128 {
  return Storage.getU128(key(SUPPLY));
}

/** The balance of `owner`; only `owner` may ask. */
@message({ throws: "TokenError" })
export function balance_of(owner: AccountId): U128 {
  if (!caller().equals(owner)) fail(TokenError.NotAuthorized);
  return Storage.getU128(key(BALANCE, owner.bytes));
}

/** How much `spender` may still move from `owner`; only the two of them may ask. */
@message({ throws: "TokenError" })
export function allowance(owner: AccountId, spender: AccountId): U128 {
  const who = caller();
  if (!who.equals(owner) && !who.equals(spender)) fail(TokenError.NotAuthorized);
  return Storage.getU128(key(ALLOWANCE, owner.bytes, spender.bytes));
}

/** Moves `value` from the caller to `to`. */
@message({ mutates: true, throws: "TokenError" })
export function transfer(to: AccountId, value: U128): void {
  move(caller(), to, value);
}

/** Lets `spender` move up to `value` of the caller's tokens (replaces any previous allowance). */
@message({ mutates: true, throws: "TokenError" })
export function approve(spender: AccountId, value: U128): void {
  const owner = caller();
  Storage.setU128(key(ALLOWANCE, owner.bytes, spender.bytes), value);
  const data = new ScaleWriter(81).u8(APPROVAL_EVENT).accountId(owner).accountId(spender).u128(value);
  emitEvent([], data.toBytes());
}

/** Moves `value` from `from` to `to` on the caller's allowance. */
@message({ mutates: true, throws: "TokenError" })
export function transfer_from(from: AccountId, to: AccountId, value: U128): void {
  const spender = caller();
  const allowanceKey = key(ALLOWANCE, from.bytes, spender.bytes);
  const allowed = Storage.getU128(allowanceKey);
  if (allowed.lt(value)) fail(TokenError.InsufficientAllowance);
  // Debit the allowance first: if the balance is short, the revert undoes this write as well.
  Storage.setU128(allowanceKey, allowed.sub(value));
  move(from, to, value);
}

function move(from: AccountId, to: AccountId, value: U128): void {
  const fromKey = key(BALANCE, from.bytes);
  const balance = Storage.getU128(fromKey);
  if (balance.lt(value)) fail(TokenError.InsufficientBalance);
  Storage.setU128(fromKey, balance.sub(value));
  const toKey = key(BALANCE, to.bytes);
  Storage.setU128(toKey, Storage.getU128(toKey).add(value));
  transferred(from, to, value);
}

function transferred(from: AccountId | null, to: AccountId, value: U128): void {
  const data = new ScaleWriter(83).u8(TRANSFER_EVENT);
  if (from == null) data.optionTag(false);
  else data.optionTag(true).accountId(from);
  data.optionTag(true).accountId(to).u128(value);
  emitEvent([], data.toBytes());
}
