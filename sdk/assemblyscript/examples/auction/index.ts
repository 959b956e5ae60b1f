// A sealed-bid, second-price (Vickrey) auction. Bids live only in the contract's encrypted state:
// while it runs, a bidder can read back its own bid and nothing else. Once it is closed (at or after
// the end time), the only things revealed are the winner and the price it pays: the second-highest
// bid, or the reserve when that is higher. Ties go to the earlier bid.
import { AccountId, Storage, U128, caller, fail, key, now } from "../../assembly";

/** Why an auction message refused. */
export enum AuctionError {
  /** The auction is closed: no more bids, and it cannot be closed twice. */
  AuctionClosed,
  /** The auction is still running: the result is secret until it closes. */
  AuctionOpen,
  /** The end time has not come yet. */
  TooEarly,
  /** Each account bids once, and a bid cannot be changed. */
  AlreadyBid,
  /** The bid is below the reserve price. */
  BelowReserve,
}

const END = "end";
const RESERVE = "reserve";
const CLOSED = "closed";
const BID = "bid";
const LEADER = "leader";
const HIGHEST = "highest";
const SECOND = "second";

/** Opens an auction that takes bids until `end` (block time, ms) with a reserve price. */
@constructor({ label: "new" })
export function create(end: u64, reserve: U128): void {
  Storage.setU64(key(END), end);
  Storage.setU128(key(RESERVE), reserve);
}

/** Places the caller's sealed bid. */
@message({ mutates: true, throws: "AuctionError" })
export function bid(amount: U128): void {
  if (Storage.getBool(key(CLOSED)) || now() >= Storage.getU64(key(END))) fail(AuctionError.AuctionClosed);
  if (amount.lt(Storage.getU128(key(RESERVE)))) fail(AuctionError.BelowReserve);
  const bidder = caller();
  const bidKey = key(BID, bidder.bytes);
  if (Storage.contains(bidKey)) fail(AuctionError.AlreadyBid);
  Storage.setU128(bidKey, amount);

  const highest = Storage.getU128(key(HIGHEST));
  if (amount.gt(highest) || !Storage.contains(key(LEADER))) {
    Storage.setU128(key(SECOND), highest);
    Storage.setU128(key(HIGHEST), amount);
    Storage.setAccountId(key(LEADER), bidder);
  } else if (amount.gt(Storage.getU128(key(SECOND)))) {
    Storage.setU128(key(SECOND), amount);
  }
}

/** Ends the auction once its end time has come; anyone may call it. */
@message({ mutates: true, throws: "AuctionError" })
export function close(): void {
  if (Storage.getBool(key(CLOSED))) fail(AuctionError.AuctionClosed);
  if (now() < Storage.getU64(key(END))) fail(AuctionError.TooEarly);
  Storage.setBool(key(CLOSED), true);
}

/** The caller's own bid, if it made one. */
@message
export function my_bid(): U128 | null {
  const bidKey = key(BID, caller().bytes);
  return Storage.contains(bidKey) ? Storage.getU128(bidKey) : null;
}

/** When bidding ends (block time, ms). */
@message
export function end_time(): u64 {
  return Storage.getU64(key(END));
}

/** The winner, once closed (None when nobody bid). */
@message({ throws: "AuctionError" })
export function winner(): AccountId | null {
  if (!Storage.getBool(key(CLOSED))) fail(AuctionError.AuctionOpen);
  return Storage.getAccountId(key(LEADER));
}

/** What the winner pays, once closed: max(second-highest bid, reserve); None when nobody bid. */
@message({ throws: "AuctionError" })
export function price(): U128 | null {
  if (!Storage.getBool(key(CLOSED))) fail(AuctionError.AuctionOpen);
  if (!Storage.contains(key(LEADER))) return null;
  const second = Storage.getU128(key(SECOND));
  const reserve = Storage.getU128(key(RESERVE));
  return second.gt(reserve) ? second : reserve;
}
