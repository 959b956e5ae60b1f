using System.Runtime.Versioning;
using Veil.Enclave.Platform;
using static Veil.Enclave.Tests.Platform.PlatformSamples;

namespace Veil.Enclave.Tests.Platform;

[UnsupportedOSPlatform("windows")]
public sealed class PlatformSecretFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string SecretPath => _directory.File(SimulatedPlatform.SecretFileName);

    [Fact]
    public void TryOpen_CreatesOwnerOnlySecretFile_WhenDataDirectoryIsNew()
    {
        var dataDirectory = Path.Combine(_directory.Path, "worker-1");

        Assert.True(SimulatedPlatform.TryOpen(dataDirectory, Root, Measurement, out var platform, out var error), error);
        platform.Dispose();

        var path = Path.Combine(dataDirectory, SimulatedPlatform.SecretFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(SimulatedPlatform.SecretSize, new FileInfo(path).Length);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void TryOpen_ReusesTheSecret_WhenOpenedAgain()
    {
        byte[] sealedData;
        using (var first = SimulatedPlatform.Open(_directory.Path, Root, Measurement))
        {
            sealedData = first.Seal("checkpoint"u8, "ad"u8);
        }

        using var second = SimulatedPlatform.Open(_directory.Path, Root, Measurement);

        Assert.True(second.TryUnseal(sealedData, "ad"u8, out var plaintext, out var error), error);
        Assert.Equal("checkpoint"u8.ToArray(), plaintext);
    }

    [Fact]
    public void TryOpen_CannotUnseal_WhenAnotherDataDirectoryHasItsOwnSecret()
    {
        using var other = new TemporaryDirectory();
        using var first = SimulatedPlatform.Open(_directory.Path, Root, Measurement);
        using var second = SimulatedPlatform.Open(other.Path, Root, Measurement);

        Assert.False(second.TryUnseal(first.Seal("checkpoint"u8, "ad"u8), "ad"u8, out _, out _));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite, "0602")]
    public void TryOpen_RefusesSecret_WhenModeLetsOthersIn(UnixFileMode mode, string octal)
    {
        File.WriteAllBytes(SecretPath, Secret);
        File.SetUnixFileMode(SecretPath, mode);

        Assert.False(SimulatedPlatform.TryOpen(_directory.Path, Root, Measurement, out var platform, out var error));
        Assert.Null(platform);
        Assert.Contains($"has mode {octal}", error, StringComparison.Ordinal);
        Assert.Contains("it must be 0600", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_AcceptsSecret_WhenModeIsStricterThan0600()
    {
        File.WriteAllBytes(SecretPath, Secret);
        File.SetUnixFileMode(SecretPath, UnixFileMode.UserRead);

        Assert.True(SimulatedPlatform.TryOpen(_directory.Path, Root, Measurement, out var platform, out var error), error);
        using (platform)
        {
            // The file holds the fixed secret, so the golden-vector platform can open what this one seals.
            using var golden = PlatformSamples.NewPlatform();
            Assert.True(golden.TryUnseal(platform.Seal("x"u8, "ad"u8), "ad"u8, out _, out error), error);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void TryOpen_RefusesSecret_WhenSizeIsWrong(int size)
    {
        File.WriteAllBytes(SecretPath, new byte[size]);
        File.SetUnixFileMode(SecretPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.False(SimulatedPlatform.TryOpen(_directory.Path, Root, Measurement, out _, out var error));
        Assert.Contains($"is {size} bytes, not 32", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_RefusesSecret_WhenFileIsASymbolicLink()
    {
        var target = _directory.File("elsewhere");
        File.WriteAllBytes(target, Secret);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(SecretPath, target);

        Assert.False(SimulatedPlatform.TryOpen(_directory.Path, Root, Measurement, out _, out var error));
        Assert.Contains("is a symbolic link", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_IgnoresLeftoverTemporaryFile_WhenAnEarlierCreationCrashed()
    {
        File.WriteAllBytes(SecretPath + ".tmp", new byte[5]);

        Assert.True(SimulatedPlatform.TryOpen(_directory.Path, Root, Measurement, out var platform, out var error), error);
        platform.Dispose();
        Assert.Equal(SimulatedPlatform.SecretSize, new FileInfo(SecretPath).Length);
        Assert.False(File.Exists(SecretPath + ".tmp"));
    }

    [Fact]
    public void TryOpen_ReturnsError_WhenDataDirectoryIsAFile()
    {
        var notADirectory = _directory.File("plain-file");
        File.WriteAllBytes(notADirectory, [1]);

        Assert.False(SimulatedPlatform.TryOpen(notADirectory, Root, Measurement, out _, out var error));
        Assert.StartsWith("cannot use the platform secret file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ThrowsWithTheReason_WhenSecretIsUnusable()
    {
        File.WriteAllBytes(SecretPath, Secret);
        File.SetUnixFileMode(SecretPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var e = Assert.Throws<InvalidOperationException>(() => SimulatedPlatform.Open(_directory.Path, Root, Measurement));
        Assert.Contains("has mode 0604", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
