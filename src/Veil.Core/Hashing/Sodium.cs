using System.Runtime.InteropServices;

namespace Veil.Core.Hashing;

/// <summary>
/// Direct calls into libsodium (shipped by the libsodium NuGet package that NSec depends on).
/// NSec exposes BLAKE2b only for 32..64-byte outputs; Substrate needs 16-byte BLAKE2b-128 too.
/// </summary>
internal static unsafe partial class Sodium
{
    private const string Library = "libsodium";

    static Sodium()
    {
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise.");
        }
    }

    public static void EnsureInitialized()
    {
        // Touching the type runs the static constructor exactly once.
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    internal static partial int crypto_generichash(byte* output, nuint outputLength, byte* input, ulong inputLength, byte* key, nuint keyLength);

    [LibraryImport(Library)]
    internal static partial int crypto_generichash_init(byte* state, byte* key, nuint keyLength, nuint outputLength);

    [LibraryImport(Library)]
    internal static partial int crypto_generichash_update(byte* state, byte* input, ulong inputLength);

    [LibraryImport(Library)]
    internal static partial int crypto_generichash_final(byte* state, byte* output, nuint outputLength);

    [LibraryImport(Library)]
    internal static partial nuint crypto_generichash_statebytes();
}
