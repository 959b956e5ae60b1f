using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Veil.Core;
using Veil.Core.Hashing;

namespace Veil.Crypto.Derivation;

/// <summary>
/// Ed25519 keys from Substrate secret URIs, matching <c>subkey --scheme ed25519</c> and polkadot.js's
/// keyring type 'ed25519' (so <c>//Alice</c> is the same account everywhere). Hard junctions follow
/// sp-core's <c>ed25519::Pair::derive_hard_junction</c>:
/// child seed = BLAKE2b-256(SCALE(("Ed25519HDKD", seed, chain code))). Ed25519 has no soft derivation.
/// </summary>
public static class KeyDerivation
{
    /// <summary>SCALE encoding of the string "Ed25519HDKD": compact length 11 (0x2c), then the ASCII.</summary>
    private static ReadOnlySpan<byte> HardDerivationPrefix => "\u002cEd25519HDKD"u8;

    // The dev phrase is public, so caching its mini-secret leaks nothing and saves a 2048-round PBKDF2
    // (~1 ms) for every //Alice in tests and dev tooling.
    private static readonly Lazy<byte[]> DevMiniSecret = new(() => MiniSecretOf(SecretUri.DevPhrase, null));

    /// <summary>Derives the key pair for a secret URI such as <c>//Alice</c> or <c>"word … word//hard///password"</c>.</summary>
    /// <exception cref="FormatException">The URI, phrase, seed or path is invalid; the message says which.</exception>
    public static Ed25519KeyPair FromUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return TryFromUri(uri, out var keyPair, out var error) ? keyPair : throw new FormatException($"Invalid secret URI: {error}.");
    }

    public static bool TryFromUri(string? uri, [NotNullWhen(true)] out Ed25519KeyPair? keyPair, out string error)
    {
        keyPair = null;
        if (!SecretUri.TryParse(uri, out var parsed, out error))
        {
            return false;
        }

        return TryFromUri(parsed, out keyPair, out error);
    }

    public static bool TryFromUri(SecretUri uri, [NotNullWhen(true)] out Ed25519KeyPair? keyPair, out string error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        keyPair = null;
        Span<byte> seed = stackalloc byte[Ed25519.SeedSize];
        try
        {
            if (!TryDeriveSeed(uri, seed, out error))
            {
                return false;
            }

            keyPair = new Ed25519KeyPair(seed);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Writes the final Ed25519 seed for <paramref name="uri"/>; the caller zeroes it.</summary>
    public static bool TryDeriveSeed(SecretUri uri, Span<byte> seed, out string error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        for (var i = 0; i < uri.Junctions.Count; i++)
        {
            if (!uri.Junctions[i].IsHard)
            {
                seed.Clear();
                error = $"junction {i + 1} is soft ('/name'), but Ed25519 supports only hard derivation ('//name')";
                return false;
            }
        }

        if (!TryRootSeed(uri, seed, out error))
        {
            seed.Clear();
            return false;
        }

        foreach (var junction in uri.Junctions)
        {
            DeriveHard(seed, junction, seed);
        }

        return true;
    }

    /// <summary>sp-core's <c>derive_hard_junction</c> for Ed25519. <paramref name="childSeed"/> may alias <paramref name="seed"/>.</summary>
    public static void DeriveHard(ReadOnlySpan<byte> seed, DeriveJunction junction, Span<byte> childSeed)
    {
        ArgumentNullException.ThrowIfNull(junction);
        if (seed.Length != Ed25519.SeedSize || childSeed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"Ed25519 seeds are {Ed25519.SeedSize} bytes.", seed.Length != Ed25519.SeedSize ? nameof(seed) : nameof(childSeed));
        }

        if (!junction.IsHard)
        {
            throw new ArgumentException("Ed25519 supports only hard derivation ('//name').", nameof(junction));
        }

        var prefix = HardDerivationPrefix;
        Span<byte> input = stackalloc byte[prefix.Length + Ed25519.SeedSize + DeriveJunction.ChainCodeSize];
        prefix.CopyTo(input);
        seed.CopyTo(input[prefix.Length..]);
        junction.ChainCode.CopyTo(input[(prefix.Length + Ed25519.SeedSize)..]);
        Blake2b.Hash256(input, childSeed);
        CryptographicOperations.ZeroMemory(input);
    }

    private static bool TryRootSeed(SecretUri uri, Span<byte> seed, out string error)
    {
        if (uri.IsHexSeed)
        {
            if (!Hex.TryDecode(uri.Phrase, out var bytes, out var hexError))
            {
                error = $"the seed is not valid hex ({hexError})";
                return false;
            }

            try
            {
                if (bytes.Length != Ed25519.SeedSize)
                {
                    error = $"a hex seed must be {Ed25519.SeedSize} bytes (64 hex digits after 0x), not {bytes.Length}";
                    return false;
                }

                bytes.CopyTo(seed);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }

            error = string.Empty;
            return true;
        }

        if (uri.IsDevPhrase && string.IsNullOrEmpty(uri.Password))
        {
            DevMiniSecret.Value.CopyTo(seed);
            error = string.Empty;
            return true;
        }

        if (!Mnemonic.TryGetEntropy(uri.Phrase, out var entropy, out error))
        {
            return false;
        }

        try
        {
            Mnemonic.ToMiniSecret(entropy, uri.Password, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entropy);
        }

        return true;
    }

    private static byte[] MiniSecretOf(string phrase, string? password)
    {
        var entropy = Mnemonic.GetEntropy(phrase);
        var miniSecret = new byte[Mnemonic.MiniSecretSize];
        Mnemonic.ToMiniSecret(entropy, password, miniSecret);
        CryptographicOperations.ZeroMemory(entropy);
        return miniSecret;
    }
}
