using Veil.Enclave.Keys;
using Veil.Enclave.Platform;
using Veil.Enclave.Tests.Platform;
using static Veil.Enclave.Tests.Confidential.ConfidentialFixtures;

namespace Veil.Enclave.Tests.Confidential;

public class MasterKeyTests
{
    [Fact]
    public void TryUnseal_RestoresTheSameKey_WhenSealedByThisPlatform()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var master = MasterKey.Generate(platform, 4);

        var blob = master.Seal(platform);

        Assert.Equal(1 + 32 + SimulatedPlatform.SealOverhead, blob.Length);
        Assert.True(MasterKey.TryUnseal(platform, blob, 4, out var restored, out var error), error);
        using (restored)
        using (var before = master.DeriveContractKeys(ContractId))
        using (var after = restored.DeriveContractKeys(ContractId))
        {
            Assert.Equal(4u, restored.Epoch);
            Assert.Equal(before.PublicKeys, after.PublicKeys);
        }
    }

    [Fact]
    public void Generate_GivesANewKeyEachTime()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var first = MasterKey.Generate(platform, 1);
        using var second = MasterKey.Generate(platform, 1);
        using var a = first.DeriveContractKeys(ContractId);
        using var b = second.DeriveContractKeys(ContractId);

        Assert.NotEqual(a.PublicKeys, b.PublicKeys);
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenAnyByteIsTampered()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var master = MasterKey.Generate(platform, 4);
        var blob = master.Seal(platform);
        for (var i = 0; i < blob.Length; i++)
        {
            var tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x01;

            Assert.False(MasterKey.TryUnseal(platform, tampered, 4, out var restored, out var error));
            Assert.Null(restored);
            Assert.StartsWith("sealed master key for epoch 4 refused: ", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenEpochDiffers()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var master = MasterKey.Generate(platform, 4);

        Assert.False(MasterKey.TryUnseal(platform, master.Seal(platform), 5, out _, out var error));
        Assert.StartsWith("sealed master key for epoch 5 refused: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnseal_RefusesBlob_WhenSealedOnAnotherPlatformOrAsAnotherSecret()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var otherPlatform = PlatformSamples.NewPlatform(PlatformSamples.OtherSecret);
        using var master = MasterKey.Generate(platform, 4);

        Assert.False(MasterKey.TryUnseal(otherPlatform, master.Seal(platform), 4, out _, out _));
        Assert.False(MasterKey.TryUnseal(platform, platform.Seal(new byte[33], "veil/enclave-identity"u8), 4, out _, out _));
        Assert.False(MasterKey.TryUnseal(platform, [], 4, out _, out var error));
        Assert.StartsWith("sealed master key for epoch 4 refused: ", error, StringComparison.Ordinal);
    }
}
