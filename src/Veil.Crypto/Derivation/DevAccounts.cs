using System.Collections.Concurrent;
using Veil.Core;

namespace Veil.Crypto.Derivation;

/// <summary>
/// Substrate's well-known development accounts (<c>//Alice</c> … <c>//Ferdie</c> under
/// <see cref="SecretUri.DevPhrase"/>), as Ed25519 keys. Their secrets are public: dev and test chains only.
/// </summary>
public static class DevAccounts
{
    private static readonly ConcurrentDictionary<string, AccountId> Accounts = new(StringComparer.Ordinal);

    /// <summary>The six names, in Substrate's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

    public static AccountId Alice => Account("Alice");

    public static AccountId Bob => Account("Bob");

    public static AccountId Charlie => Account("Charlie");

    public static AccountId Dave => Account("Dave");

    public static AccountId Eve => Account("Eve");

    public static AccountId Ferdie => Account("Ferdie");

    /// <summary>The account of <c>//name</c> (cached).</summary>
    public static AccountId Account(string name)
    {
        CheckName(name);
        return Accounts.GetOrAdd(name, static n =>
        {
            using var pair = KeyDerivation.FromUri("//" + n);
            return pair.PublicKey;
        });
    }

    /// <summary>A new key pair for <c>//name</c>; dispose it when done.</summary>
    public static Ed25519KeyPair KeyPair(string name)
    {
        CheckName(name);
        return KeyDerivation.FromUri("//" + name);
    }

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A dev account name is a single junction such as \"Alice\", without slashes.", nameof(name));
        }
    }
}
