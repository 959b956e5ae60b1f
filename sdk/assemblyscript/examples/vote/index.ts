// A private vote. A ballot adds one to its option's count and marks the voter as having voted; which
// option an account chose is never stored, so not even the contract's state links voters to choices.
// Counts stay secret until the organiser (the deployer) closes the vote.
import { Storage, caller, fail, key } from "../../assembly";

/** Why a vote message refused. */
export enum VoteError {
  /** Voting has ended. */
  VotingClosed,
  /** Voting is still open: the tally is secret until it closes. */
  VotingOpen,
  /** Each account votes once. */
  AlreadyVoted,
  /** There is no option with that number. */
  NoSuchOption,
  /** Only the organiser may close the vote. */
  NotOrganiser,
}

const ORGANISER = "organiser";
const OPTIONS = "options";
const CLOSED = "closed";
const VOTED = "voted";
const COUNT = "count";
const TURNOUT = "turnout";

/** Opens a vote between `options` choices, numbered from 0; the caller becomes the organiser. */
@constructor({ label: "new" })
export function create(options: u32): void {
  if (options == 0) fail(VoteError.NoSuchOption);
  Storage.setAccountId(key(ORGANISER), caller());
  Storage.setU32(key(OPTIONS), options);
}

/** Casts the caller's secret ballot for `option`. */
@message({ mutates: true, throws: "VoteError" })
export function vote(option: u32): void {
  if (Storage.getBool(key(CLOSED))) fail(VoteError.VotingClosed);
  if (option >= Storage.getU32(key(OPTIONS))) fail(VoteError.NoSuchOption);
  const voter = caller();
  const votedKey = key(VOTED, voter.bytes);
  if (Storage.contains(votedKey)) fail(VoteError.AlreadyVoted);
  Storage.setBool(votedKey, true);
  const countKey = key(COUNT, optionKey(option));
  Storage.setU32(countKey, Storage.getU32(countKey) + 1);
  Storage.setU32(key(TURNOUT), Storage.getU32(key(TURNOUT)) + 1);
}

/** Ends the vote; only the organiser may. */
@message({ mutates: true, throws: "VoteError" })
export function close(): void {
  const organiser = Storage.getAccountId(key(ORGANISER));
  if (organiser == null || !organiser.equals(caller())) fail(VoteError.NotOrganiser);
  if (Storage.getBool(key(CLOSED))) fail(VoteError.VotingClosed);
  Storage.setBool(key(CLOSED), true);
}

/** Whether the caller has voted (its own ballot only). */
@message
export function has_voted(): bool {
  return Storage.contains(key(VOTED, caller().bytes));
}

/** The number of options. */
@message
export function options(): u32 {
  return Storage.getU32(key(OPTIONS));
}

/** Votes for `option`, once the vote is closed. */
@message({ throws: "VoteError" })
export function tally(option: u32): u32 {
  if (!Storage.getBool(key(CLOSED))) fail(VoteError.VotingOpen);
  if (option >= Storage.getU32(key(OPTIONS))) fail(VoteError.NoSuchOption);
  return Storage.getU32(key(COUNT, optionKey(option)));
}

/** How many ballots were cast, once the vote is closed. */
@message({ throws: "VoteError" })
export function turnout(): u32 {
  if (!Storage.getBool(key(CLOSED))) fail(VoteError.VotingOpen);
  return Storage.getU32(key(TURNOUT));
}

function optionKey(option: u32): Uint8Array {
  const bytes = new Uint8Array(4);
  store<u32>(bytes.dataStart, option);
  return bytes;
}
