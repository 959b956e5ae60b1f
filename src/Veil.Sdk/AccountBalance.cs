using Veil.Core;

namespace Veil.Sdk;

/// <summary>An account's public balance as the node reports it (base units).</summary>
public sealed record AccountBalance(AccountId Account, UInt128 Free, UInt128 Reserved, uint Nonce);
