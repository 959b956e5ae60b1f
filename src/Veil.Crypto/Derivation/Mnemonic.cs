using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Veil.Crypto.Derivation;

/// <summary>
/// BIP39 English mnemonics, and Substrate's mini-secret derivation from them. Substrate does not use the
/// standard BIP39 seed (PBKDF2 over the phrase text): substrate-bip39's <c>mini_secret_from_entropy</c>
/// runs PBKDF2-HMAC-SHA512 over the phrase's <em>entropy</em> with salt "mnemonic" + password, 2048
/// rounds, and keeps the first 32 bytes. polkadot.js's <c>mnemonicToMiniSecret</c> does the same.
/// </summary>
public static class Mnemonic
{
    public const int MiniSecretSize = 32;

    private const int Pbkdf2Iterations = 2048;
    private const int BitsPerWord = 11;

    private static readonly string[] Words = LoadWords();
    private static readonly Dictionary<string, int> WordIndex = BuildIndex(Words);

    /// <summary>The 2048 words of the BIP39 English list, in order.</summary>
    public static IReadOnlyList<string> EnglishWords { get; } = Array.AsReadOnly(Words); // a bare array could be cast back and edited

    /// <summary>A new random phrase of 12, 15, 18, 21 or 24 words.</summary>
    public static string Generate(int wordCount = 12)
    {
        var entropyLength = EntropyLengthFor(wordCount);
        if (entropyLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(wordCount), wordCount, "A mnemonic has 12, 15, 18, 21 or 24 words.");
        }

        Span<byte> entropy = stackalloc byte[entropyLength];
        SecureRandom.Fill(entropy);
        try
        {
            return FromEntropy(entropy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entropy);
        }
    }

    /// <summary>The phrase for 16, 20, 24, 28 or 32 bytes of entropy (with its SHA-256 checksum bits).</summary>
    public static string FromEntropy(ReadOnlySpan<byte> entropy)
    {
        if (entropy.Length is < 16 or > 32 || entropy.Length % 4 != 0)
        {
            throw new ArgumentException($"BIP39 entropy is 16, 20, 24, 28 or 32 bytes, not {entropy.Length}.", nameof(entropy));
        }

        Span<byte> bits = stackalloc byte[33];
        entropy.CopyTo(bits);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(entropy, hash);
        bits[entropy.Length] = hash[0]; // checksum: the first entropy-bits/32 (≤ 8) bits of SHA-256
        var wordCount = entropy.Length * 8 * 33 / 32 / BitsPerWord;
        var builder = new StringBuilder(wordCount * 9);
        for (var w = 0; w < wordCount; w++)
        {
            if (w > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Words[ReadBits(bits, w * BitsPerWord)]);
        }

        CryptographicOperations.ZeroMemory(bits);
        return builder.ToString();
    }

    public static bool IsValid(string? phrase)
    {
        if (!TryGetEntropy(phrase, out var entropy, out _))
        {
            return false;
        }

        CryptographicOperations.ZeroMemory(entropy);
        return true;
    }

    /// <summary>Decodes a phrase to its entropy, checking every word and the checksum; the caller zeroes the result.</summary>
    public static bool TryGetEntropy(string? phrase, [NotNullWhen(true)] out byte[]? entropy, out string error)
    {
        entropy = null;
        var words = (phrase ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entropyLength = EntropyLengthFor(words.Length);
        if (entropyLength < 0)
        {
            error = $"a mnemonic has 12, 15, 18, 21 or 24 words, not {words.Length}";
            return false;
        }

        Span<byte> bits = stackalloc byte[33];
        bits.Clear();
        for (var w = 0; w < words.Length; w++)
        {
            if (!WordIndex.TryGetValue(words[w].ToLowerInvariant(), out var index))
            {
                // The word itself stays out of the message: phrases are secrets and errors reach logs.
                error = $"word {w + 1} of {words.Length} is not in the BIP39 English word list";
                return false;
            }

            WriteBits(bits, w * BitsPerWord, index);
        }

        var result = bits[..entropyLength].ToArray();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(result, hash);
        var checksumBits = entropyLength / 4;
        var mask = (0xFF << (8 - checksumBits)) & 0xFF;
        var valid = (hash[0] & mask) == (bits[entropyLength] & mask);
        CryptographicOperations.ZeroMemory(bits);
        if (!valid)
        {
            CryptographicOperations.ZeroMemory(result);
            error = "the mnemonic checksum does not match: a word is mistyped, missing or out of order";
            return false;
        }

        entropy = result;
        error = string.Empty;
        return true;
    }

    public static byte[] GetEntropy(string phrase)
        => TryGetEntropy(phrase, out var entropy, out var error) ? entropy : throw new FormatException($"Invalid mnemonic: {error}.");

    /// <summary>
    /// Substrate's mini-secret (the Ed25519 seed before any derivation): the first 32 bytes of
    /// PBKDF2-HMAC-SHA512(password = entropy, salt = "mnemonic" + <paramref name="password"/>, 2048).
    /// </summary>
    public static void ToMiniSecret(ReadOnlySpan<byte> entropy, string? password, Span<byte> miniSecret)
    {
        if (entropy.Length is < 16 or > 32 || entropy.Length % 4 != 0)
        {
            throw new ArgumentException($"BIP39 entropy is 16, 20, 24, 28 or 32 bytes, not {entropy.Length}.", nameof(entropy));
        }

        if (miniSecret.Length != MiniSecretSize)
        {
            throw new ArgumentException($"A mini-secret is {MiniSecretSize} bytes, not {miniSecret.Length}.", nameof(miniSecret));
        }

        var salt = Encoding.UTF8.GetBytes("mnemonic" + password);
        Span<byte> output = stackalloc byte[64];
        Rfc2898DeriveBytes.Pbkdf2(entropy, salt, output, Pbkdf2Iterations, HashAlgorithmName.SHA512);
        output[..MiniSecretSize].CopyTo(miniSecret);
        CryptographicOperations.ZeroMemory(output);
        CryptographicOperations.ZeroMemory(salt);
    }

    private static int EntropyLengthFor(int wordCount)
        => wordCount is 12 or 15 or 18 or 21 or 24 ? wordCount * BitsPerWord * 32 / 33 / 8 : -1;

    private static int ReadBits(ReadOnlySpan<byte> bits, int offset)
    {
        var value = 0;
        for (var i = 0; i < BitsPerWord; i++)
        {
            var bit = offset + i;
            value = (value << 1) | ((bits[bit / 8] >> (7 - (bit % 8))) & 1);
        }

        return value;
    }

    private static void WriteBits(Span<byte> bits, int offset, int value)
    {
        for (var i = 0; i < BitsPerWord; i++)
        {
            if (((value >> (BitsPerWord - 1 - i)) & 1) != 0)
            {
                var bit = offset + i;
                bits[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }
        }
    }

    private static string[] LoadWords()
    {
        using var stream = typeof(Mnemonic).Assembly.GetManifestResourceStream("Veil.Crypto.Bip39English.txt")
            ?? throw new InvalidOperationException("The BIP39 word list resource is missing from Veil.Crypto.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 2048)
        {
            throw new InvalidOperationException($"The BIP39 word list has {words.Length} words, not 2048.");
        }

        return words;
    }

    private static Dictionary<string, int> BuildIndex(string[] words)
    {
        var index = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            index.Add(words[i], i);
        }

        return index;
    }
}
