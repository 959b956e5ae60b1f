using Veil.Core;
using Veil.Crypto.Derivation;

namespace Veil.Protocol.Accounts;

/// <summary>Turns "an SS58 address or a secret URI" (as users type them) into an account id.</summary>
public static class AccountResolver
{
    public static AccountId Resolve(string text)
    {
        if (Ss58.TryDecode(text, out var account, out _, out var error))
        {
            return account;
        }

        if (text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("0x", StringComparison.Ordinal) || text.Contains(' ', StringComparison.Ordinal))
        {
            if (!KeyDerivation.TryFromUri(text, out var key, out var uriError))
            {
                throw new FormatException($"'{text}' is not a usable secret URI: {uriError}");
            }

            using (key)
            {
                return key.PublicKey;
            }
        }

        throw new FormatException($"'{text}' is not a valid SS58 address ({error}) nor a secret URI like //Alice");
    }
}
