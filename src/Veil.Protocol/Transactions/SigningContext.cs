using Veil.Core;

namespace Veil.Protocol.Transactions;

/// <summary>
/// What a signature commits to besides the call: Substrate's "additional signed" data
/// (spec version, transaction version, genesis hash, era block hash). The genesis hash is
/// the guard against replaying a transaction on another chain.
/// </summary>
public readonly record struct SigningContext(uint SpecVersion, uint TransactionVersion, Hash256 GenesisHash);
