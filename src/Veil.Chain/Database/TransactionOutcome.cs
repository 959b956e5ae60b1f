namespace Veil.Chain.Database;

/// <summary>Where a finalized transaction is, and why its call failed (null when it succeeded).</summary>
public sealed record TransactionOutcome(uint Number, uint Index, string? Error);
