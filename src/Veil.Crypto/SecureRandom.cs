using System.Security.Cryptography;

namespace Veil.Crypto;

/// <summary>Cryptographically secure random bytes (the OS CSPRNG) for keys, nonces and salts.</summary>
public static class SecureRandom
{
    public static void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

    public static byte[] GetBytes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return RandomNumberGenerator.GetBytes(count);
    }
}
