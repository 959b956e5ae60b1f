using System.Runtime.InteropServices;

namespace Veil.Crypto.Native;

/// <summary>
/// Direct calls into libsodium (the native library NSec ships). Signing and verification go straight to
/// <c>crypto_sign_*</c> with raw key bytes: NSec would import a key object per call, which costs an
/// allocation and a copy on the transaction pool's hot path.
/// </summary>
internal static unsafe partial class Sodium
{
    private const string Library = "libsodium";

    public const int SignSeedBytes = 32;
    public const int SignPublicKeyBytes = 32;
    public const int SignSecretKeyBytes = 64;
    public const int SignBytes = 64;
    public const int ScalarMultBytes = 32;

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
    internal static partial int crypto_sign_seed_keypair(byte* publicKey, byte* secretKey, byte* seed);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_detached(byte* signature, ulong* signatureLength, byte* message, ulong messageLength, byte* secretKey);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_verify_detached(byte* signature, byte* message, ulong messageLength, byte* publicKey);

    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult(byte* sharedPoint, byte* scalar, byte* point);

    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult_base(byte* point, byte* scalar);
}
