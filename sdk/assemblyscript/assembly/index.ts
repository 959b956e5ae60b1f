// @veil/contract-sdk: write Veil contracts (ink!/pallet-contracts ABI) in AssemblyScript.
// Declare entry points with @constructor / @message (see README.md); the transform in
// tools/transform.js generates the `deploy` / `call` exports, the selector dispatch and the metadata.
export * from "./account";
export * from "./u128";
export * from "./scale";
export * from "./env";
export * from "./storage";
export * from "./events";
export * from "./seal";
export * from "./dispatch";
