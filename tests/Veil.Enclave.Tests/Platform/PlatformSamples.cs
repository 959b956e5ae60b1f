using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Platform;

namespace Veil.Enclave.Tests.Platform;

/// <summary>Fixed secrets and keys for the platform tests.</summary>
internal static class PlatformSamples
{
    public static readonly byte[] Secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    public static readonly byte[] OtherSecret = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    public static readonly Hash256 Measurement = new(Enumerable.Repeat((byte)0x33, 32).ToArray());

    /// <summary>Seed 0x01..0x20, the same root the Protocol attestation tests use.</summary>
    public static readonly Ed25519KeyPair Root = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static Hash256 RootKey => new(Root.PublicKeyBytes);

    public static SimulatedPlatform NewPlatform(byte[]? secret = null, Hash256? measurement = null)
        => SimulatedPlatform.FromSecret(secret ?? Secret, Root, measurement ?? Measurement);
}
