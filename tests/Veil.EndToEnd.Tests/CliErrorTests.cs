using System.Text.Json;
using Veil.EndToEnd.Tests.Infrastructure;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// Bad input to the real CLI: a non-zero exit and one clear line on stderr naming the problem, never a
/// stack trace, and nothing on stdout. Every case runs against a live node, so a refusal is the CLI's or
/// the node's judgement of the input, not a connection failure.
/// </summary>
public sealed class CliErrorTests(DevNodeFixture fixture) : IClassFixture<DevNodeFixture>
{
    private const string Bob = "5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E";

    public static TheoryData<string[], string[]> BadInput => new()
    {
        { ["transfer", "--from", "//Alice", "--to", "5GoNkf6Wdbx", "--amount", "1"], ["--to:", "'5GoNkf6Wdbx'", "SS58"] },
        { ["transfer", "--from", "//Alice", "--to", Bob[..^1] + "F", "--amount", "1"], ["--to:", "SS58"] },
        { ["transfer", "--from", "//Alice", "--to", "bob", "--amount", "1"], ["--to:", "'bob'"] },
        { ["transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "1.2.3"], ["--amount:", "'1.2.3'"] },
        { ["transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "-1"], ["--amount:", "'-1'", "non-negative"] },
        { ["transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "0.0000000000001"], ["--amount:", "more than 12 decimal places"] },
        { ["transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "abc"], ["--amount:", "'abc'"] },
        { ["transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "400000000000000000000000000000"], ["--amount:", "too large"] },
        { ["transfer", "--from", "Alice", "--to", "//Bob", "--amount", "1"], ["--from:", "mnemonic"] },
        { ["transfer", "--from", "//Alice/soft", "--to", "//Bob", "--amount", "1"], ["--from:", "soft"] },
        { ["transfer", "--from", "//NobodyFundedThis", "--to", "//Bob", "--amount", "1"], ["insufficient balance", "free balance 0"] },
        { ["balance", "nobody"], ["who:", "'nobody'"] },
        { ["block", "999"], ["no block #999"] },
        { ["block", "0x1234"], ["'0x1234'", "32-byte"] },
        { ["block", "0x" + new string('0', 63) + "1"], ["unknown block"] },
        { ["block", "latest"], ["'latest'"] },
        { ["key", "inspect", "not a mnemonic"], ["cannot derive a key", "mnemonic"] },
        { ["key", "generate", "--words", "13"], ["--words", "13"] },
        { ["wallet", "transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "abc"], ["--amount:", "'abc'"] },
        { ["wallet", "withdraw", "--from", "//Alice", "--to", "bob", "--amount", "1"], ["--to:", "'bob'"] },
        { ["wallet", "balance", "nobody", "--as", "//Alice"], ["who:", "'nobody'"] },
        { ["wallet", "balance", "--as", "Alice"], ["--as:", "mnemonic"] },
        { ["wallet", "balance", "--as", "//Alice", "--worker", "ftp://x"], ["--worker:", "'ftp://x'"] },
        { ["wallet", "balance", "--as", "//Alice", "--contract", "0x12"], ["--contract:", "'0x12'"] },
        { ["wallet", "balance", "--as", "//Alice"], ["no Wallet contract is deployed"] },
        { ["wallet", "deposit", "--from", "//Alice", "--amount", "1", "--contract", "0x" + new string('0', 63) + "1"], ["no contract 0x", "deployed"] },
        { ["contracts", "deploy", "--kind", "Wallet", "--cluster", "0x12", "--from", "//Alice"], ["--cluster:", "'0x12'"] },
        { ["contracts", "deploy", "--kind", "Wallet", "--cluster", "0x" + new string('0', 63) + "1", "--from", "//Alice"], ["deployment failed", "is not registered"] },
        { ["node", "--chain", "dev", "--gatekeeper", "0x12"], ["--gatekeeper:", "'0x12'"] },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Command_FailsWithOneClearLine_WhenInputIsBad(string[] args, string[] expected)
    {
        // `key` works offline and `node` serves RPC itself: neither takes --rpc.
        string[] rpc = args[0] is "key" or "node" ? [] : ["--rpc", fixture.Node.Url];
        var (code, stdout, stderr) = await VeilCli.RunAsync([.. args, .. rpc]);

        var line = AssertOneErrorLine(code, stderr);
        foreach (var fragment in expected) Assert.Contains(fragment, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.Trim());
    }

    [Theory]
    [InlineData("'--amount' is required", "transfer", "--from", "//Alice", "--to", "//Bob")]
    [InlineData("Required argument missing for command: 'balance'", "balance")]
    [InlineData("Unrecognized command or argument '--bogus'", "balance", "//Bob", "--bogus")]
    public async Task Command_PrintsUsage_WhenCommandLineIsMalformed(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync(args);

        var line = AssertOneErrorLine(code, stderr);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_FailsWithInsufficientBalance_WhenSenderIsAFreshlyGeneratedMnemonic()
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync("key", "generate", "--json");
        Assert.True(code == 0, stderr);
        var phrase = JsonDocument.Parse(stdout).RootElement.GetProperty("secretPhrase").GetString()!;

        (code, stdout, stderr) = await VeilCli.RunAsync("transfer", "--from", phrase, "--to", "//Bob", "--amount", "1", "--rpc", fixture.Node.Url);

        var line = AssertOneErrorLine(code, stderr);
        Assert.Contains("insufficient balance", line, StringComparison.Ordinal);
        Assert.DoesNotContain(phrase, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.Trim());
    }

    [Fact]
    public async Task Transfer_ExitsNonZero_WhenTheTransferIsIncludedButFails()
    {
        // Charlie can pay the fee, so the pool admits it; the transfer itself exceeds his balance.
        var (code, _, stderr) = await VeilCli.RunAsync("transfer", "--from", "//Charlie", "--to", "//Dave", "--amount", "2000000", "--json", "--rpc", fixture.Node.Url);

        var line = AssertOneErrorLine(code, stderr);
        Assert.Contains("insufficient balance", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("balance", "//Bob")]
    [InlineData("block")]
    [InlineData("transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "1")]
    public async Task Command_SaysCannotConnect_WhenNothingListensOnThePort(params string[] args)
    {
        var url = $"ws://127.0.0.1:{NodeProcess.FreePort()}";

        var (code, stdout, stderr) = await VeilCli.RunAsync([.. args, "--rpc", url]);

        var line = AssertOneErrorLine(code, stderr);
        Assert.Contains("cannot connect", line, StringComparison.Ordinal);
        Assert.Contains(url, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.Trim());
    }

    private static string AssertOneErrorLine(int code, string stderr)
    {
        Assert.True(code != 0, $"exit code 0; stderr: {stderr}");
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }
}
