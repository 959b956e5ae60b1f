using Veil.EndToEnd.Tests.Infrastructure;

namespace Veil.EndToEnd.Tests;

/// <summary><c>veil node --validator</c> and <c>veil testnet</c> refuse bad arguments with a clear message, before starting anything.</summary>
public sealed class ValidatorCliTests
{
    [Theory]
    [InlineData("--peer 127.0.0.1:30334=ws://127.0.0.1:9945", "--peer applies only with --validator")]
    [InlineData("--validator 127.0.0.1", "is not an IP address with a port")]
    [InlineData("--validator 127.0.0.1:30333 --peer 127.0.0.1:30334", "is not raft-host:port=rpc-url")]
    [InlineData("--validator 127.0.0.1:30333 --peer 127.0.0.1:30334=ftp://x", "is not a ws:// or http:// URL")]
    [InlineData("--validator 127.0.0.1:30333 --follow ws://127.0.0.1:9944", "--validator and --follow exclude each other")]
    public async Task Node_RefusesBadValidatorArguments(string arguments, string expected)
    {
        using var data = new TempDirectory();
        var (exitCode, _, stderr) = await VeilCli.RunAsync(["node", "--data", data.Path, "--rpc-port", "0", .. arguments.Split(' ')]);
        Assert.Equal(1, exitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--validators 0")]
    [InlineData("--validators 7")]
    public async Task Testnet_RefusesAValidatorCountOutsideOneToSix(string arguments)
    {
        var (exitCode, _, stderr) = await VeilCli.RunAsync(["testnet", .. arguments.Split(' ')]);
        Assert.Equal(1, exitCode);
        Assert.Contains("--validators must be between 1 and 6", stderr, StringComparison.Ordinal);
    }
}
