using System.Diagnostics.CodeAnalysis;

namespace Veil.Crypto.Derivation;

/// <summary>
/// A Substrate secret URI: <c>&lt;phrase | 0x-seed&gt;[//hard | /soft]…[///password]</c>, as
/// <c>subkey</c> and polkadot.js accept it (sp-core's <c>SECRET_PHRASE_REGEX</c>:
/// <c>^(phrase)?(path: (//?[^/]+)*)(///(password))?$</c>). With no phrase (<c>//Alice</c>) the
/// well-known development phrase is used. A password applies to a mnemonic only; with a hex seed it is
/// ignored, as in Substrate.
/// </summary>
public sealed class SecretUri
{
    /// <summary>Substrate's public development phrase (<c>sp_core::crypto::DEV_PHRASE</c>). Never use it for real funds.</summary>
    public const string DevPhrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

    private SecretUri(string phrase, bool isDevPhrase, IReadOnlyList<DeriveJunction> junctions, string? password)
    {
        Phrase = phrase;
        IsDevPhrase = isDevPhrase;
        Junctions = junctions;
        Password = password;
    }

    /// <summary>The mnemonic or the <c>0x</c> hex seed (the dev phrase when the URI starts with a path).</summary>
    public string Phrase { get; }

    public bool IsDevPhrase { get; }

    public bool IsHexSeed => Phrase.StartsWith("0x", StringComparison.Ordinal);

    public IReadOnlyList<DeriveJunction> Junctions { get; }

    /// <summary>The BIP39 password after <c>///</c>, or null.</summary>
    public string? Password { get; }

    public static SecretUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return TryParse(uri, out var result, out var error) ? result : throw new FormatException($"Invalid secret URI: {error}.");
    }

    public static bool TryParse(string? uri, [NotNullWhen(true)] out SecretUri? result, out string error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(uri))
        {
            error = "the secret URI is empty";
            return false;
        }

        // A path segment never holds "///" (at most two slashes, then a non-slash), so the first "///"
        // always starts the password, and the password runs to the end, slashes included.
        string? password = null;
        var body = uri;
        var passwordStart = uri.IndexOf("///", StringComparison.Ordinal);
        if (passwordStart >= 0)
        {
            password = uri[(passwordStart + 3)..];
            body = uri[..passwordStart];
        }

        var pathStart = body.IndexOf('/', StringComparison.Ordinal);
        var phrase = (pathStart < 0 ? body : body[..pathStart]).Trim();
        var path = pathStart < 0 ? string.Empty : body[pathStart..];
        foreach (var c in phrase)
        {
            if (!char.IsLetterOrDigit(c) && c != ' ' && c != '_')
            {
                error = $"the phrase contains '{c}'; a phrase is words or a 0x hex seed, then an optional //path";
                return false;
            }
        }

        if (!TryParsePath(path, out var junctions, out error))
        {
            return false;
        }

        var isDev = phrase.Length == 0;
        result = new SecretUri(isDev ? DevPhrase : phrase, isDev, junctions, password);
        error = string.Empty;
        return true;
    }

    private static bool TryParsePath(string path, out IReadOnlyList<DeriveJunction> junctions, out string error)
    {
        var list = new List<DeriveJunction>();
        junctions = list;
        var i = 0;
        while (i < path.Length)
        {
            // path[i] is '/' here: every segment starts with one.
            var hard = i + 1 < path.Length && path[i + 1] == '/';
            var start = i + (hard ? 2 : 1);
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            if (end == start)
            {
                error = $"the derivation path has an empty junction at character {start}";
                return false;
            }

            var name = path[start..end];
            list.Add(hard ? DeriveJunction.Hard(name) : DeriveJunction.Soft(name));
            i = end;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Never prints the phrase or password: URIs are secrets.</summary>
    public override string ToString() => $"SecretUri({(IsDevPhrase ? "dev phrase" : "<redacted>")}, {Junctions.Count} junction(s){(Password is null ? string.Empty : ", password")})";
}
