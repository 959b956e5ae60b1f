using Veil.Crypto.Derivation;
using Veil.Enclave.Platform;
using Veil.Protocol.Attestation;

namespace Veil.Worker.Tests;

public sealed class SealedKeyFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-worker-keys-").FullName;

    [Fact]
    public void LoadOrCreateIdentity_ReturnsTheSameIdentity_WhenCalledAgain()
    {
        using var root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
        using var platform = SimulatedPlatform.Open(_directory, root);
        using var first = SealedKeyFiles.LoadOrCreateIdentity(platform, _directory);
        using var second = SealedKeyFiles.LoadOrCreateIdentity(platform, _directory);

        Assert.Equal(first.IdentityKey, second.IdentityKey);
        Assert.Equal(first.EcdhKey, second.EcdhKey);
        Assert.Equal(first.IdentityKey, WorkerHost.InitializeIdentity(_directory));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, SealedKeyFiles.IdentityFileName)));
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void LoadOrCreateMasterKey_ReturnsTheSameKey_WhenCalledAgain()
    {
        using var root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
        using var platform = SimulatedPlatform.Open(_directory, root);
        using var first = SealedKeyFiles.LoadOrCreateMasterKey(platform, _directory);
        using var second = SealedKeyFiles.LoadOrCreateMasterKey(platform, _directory);
        var contract = new Veil.Core.Hash256(Enumerable.Repeat((byte)7, 32).ToArray());

        using var firstKeys = first.DeriveContractKeys(contract);
        using var secondKeys = second.DeriveContractKeys(contract);

        Assert.Equal(firstKeys.PublicKeys, secondKeys.PublicKeys);
    }

    [Fact]
    public void LoadOrCreateIdentity_Throws_WhenSealedFileIsTampered()
    {
        using var root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
        using var platform = SimulatedPlatform.Open(_directory, root);
        SealedKeyFiles.LoadOrCreateIdentity(platform, _directory).Dispose();
        var path = Path.Combine(_directory, SealedKeyFiles.IdentityFileName);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidOperationException>(() => SealedKeyFiles.LoadOrCreateIdentity(platform, _directory));
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
