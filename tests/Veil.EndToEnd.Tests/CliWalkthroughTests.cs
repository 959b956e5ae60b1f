using System.Globalization;
using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.EndToEnd.Tests.Infrastructure;
using Veil.Sdk;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// The README's five-minute walkthrough, done by real processes: a <c>veil node</c> and the <c>veil</c>
/// CLI talking to it over a loopback socket.
/// </summary>
public sealed class CliWalkthroughTests
{
    private const string BobAddress = "5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E";
    private const string AliceAddress = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu";
    private static readonly UInt128 GenesisBalance = ChainParameters.OneVeil * 1_000_000;

    [Fact]
    public async Task KeyInspect_PrintsBobsSubstrateAddress_WhenGivenTheDevUri()
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync("key", "inspect", "//Bob");
        Assert.True(code == 0, stderr);
        Assert.Contains($"SS58 Address:      {BobAddress}", stdout, StringComparison.Ordinal);
        Assert.Contains("Crypto scheme:     Ed25519", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await VeilCli.RunAsync("key", "inspect", "//Bob", "--json");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("//Bob", json.GetProperty("secretPhrase").GetString());
        Assert.Equal(BobAddress, json.GetProperty("ss58Address").GetString());
        Assert.Equal("Ed25519", json.GetProperty("scheme").GetString());
        var publicKey = json.GetProperty("publicKey").GetString()!;
        Assert.Equal(publicKey, json.GetProperty("accountId").GetString());
        Assert.True(Ss58.TryDecode(BobAddress, out var bob, out _, out _));
        Assert.Equal(Hex.Encode(bob.ToArray()), publicKey);
        Assert.Equal(66, json.GetProperty("secretSeed").GetString()!.Length);
    }

    [Fact]
    public async Task KeyGenerate_PrintsAMnemonic_ThatInspectDerivesToTheSameAddress()
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync("key", "generate", "--json");
        Assert.True(code == 0, stderr);
        var generated = JsonDocument.Parse(stdout).RootElement;
        var phrase = generated.GetProperty("secretPhrase").GetString()!;
        Assert.Equal(12, phrase.Split(' ').Length);
        Assert.True(Veil.Crypto.Derivation.KeyDerivation.TryFromUri(phrase, out var pair, out var error), error);
        pair.Dispose();

        (code, stdout, stderr) = await VeilCli.RunAsync("key", "inspect", phrase, "--json");
        Assert.True(code == 0, stderr);
        var inspected = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(generated.GetProperty("ss58Address").GetString(), inspected.GetProperty("ss58Address").GetString());
        Assert.Equal(generated.GetProperty("secretSeed").GetString(), inspected.GetProperty("secretSeed").GetString());
    }

    [Fact]
    public async Task Transfer_MovesExactlyOnePointFiveVeil_AndBlockShowsIt_WhenFollowingTheReadme()
    {
        using var data = new TempDirectory();
        await using var node = await NodeProcess.StartAsync(data.Path, "--instant");

        var bob = await BalanceAsync(node, "//Bob");
        Assert.Equal(BobAddress, bob.GetProperty("address").GetString());
        Assert.Equal("1000000000000000000", bob.GetProperty("free").GetRawText());
        Assert.Equal(0, bob.GetProperty("reserved").GetInt32());
        Assert.Equal(0, bob.GetProperty("nonce").GetInt32());

        var (code, stdout, stderr) = await VeilCli.RunAsync("balance", "//Bob", "--rpc", node.Url);
        Assert.True(code == 0, stderr);
        Assert.Contains("free:     1000000 VEIL", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await VeilCli.RunAsync("transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "1.5", "--rpc", node.Url);
        Assert.True(code == 0, stderr);
        Assert.Contains($"Transferred 1.5 VEIL from {AliceAddress} to {BobAddress}", stdout, StringComparison.Ordinal);
        Assert.Contains("finalized in block #1 0x", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("error", stderr, StringComparison.OrdinalIgnoreCase);

        // The block as the node serves it: one extrinsic, whose encoded length fixes the fee.
        (code, stdout, stderr) = await VeilCli.RunAsync("block", "--json", "--rpc", node.Url);
        Assert.True(code == 0, stderr);
        var blockJson = JsonDocument.Parse(stdout).RootElement;
        var (header, extrinsics) = VeilClient.DecodeBlock(blockJson);
        Assert.Equal(1u, header.Number);
        var extrinsic = Assert.Single(extrinsics);
        Assert.Equal(0u, extrinsic.Nonce);
        Assert.Equal(header.Hash.ToString(), blockJson.GetProperty("block").GetProperty("header").GetProperty("hash").GetString());
        Assert.Equal(JsonValueKind.Array, blockJson.GetProperty("justifications").ValueKind);
        var fee = new ChainParameters().FeeFor(extrinsic.Encoded.Length, 0);

        var bobAfter = await BalanceAsync(node, "//Bob");
        Assert.Equal(GenesisBalance + (ChainParameters.OneVeil * 3 / 2), Free(bobAfter));
        Assert.Equal(0, bobAfter.GetProperty("nonce").GetInt32());
        var aliceAfter = await BalanceAsync(node, AliceAddress);
        Assert.Equal(GenesisBalance - (ChainParameters.OneVeil * 3 / 2) - fee, Free(aliceAfter));
        Assert.Equal(1, aliceAfter.GetProperty("nonce").GetInt32());

        // `veil block 1` and `veil block <hash>` show the same block, with the transfer decoded.
        (code, stdout, stderr) = await VeilCli.RunAsync("block", "1", "--rpc", node.Url);
        Assert.True(code == 0, stderr);
        Assert.Contains($"Block #1 {header.Hash}", stdout, StringComparison.Ordinal);
        Assert.Contains($"author:      {AliceAddress}", stdout, StringComparison.Ordinal);
        Assert.Contains("finality:    proven", stdout, StringComparison.Ordinal);
        Assert.Contains($"{extrinsic.Hash} balances.transfer 1.5 VEIL → {BobAddress} (from {AliceAddress} nonce 0)", stdout, StringComparison.Ordinal);
        var byNumber = stdout;

        (code, stdout, stderr) = await VeilCli.RunAsync("block", header.Hash.ToString(), "--rpc", node.Url);
        Assert.True(code == 0, stderr);
        Assert.Equal(byNumber, stdout);

        (code, stdout, stderr) = await VeilCli.RunAsync("block", "0", "--rpc", node.Url);
        Assert.True(code == 0, stderr);
        Assert.Contains("Block #0 ", stdout, StringComparison.Ordinal);
        Assert.Contains("(genesis)", stdout, StringComparison.Ordinal);
        Assert.Contains("finality:    genesis", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DescribesEveryCommand_WhenAskedAtTheTopAndPerCommand()
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync("--help");
        Assert.True(code == 0, stderr);
        foreach (var command in new[] { "dev", "node", "key", "balance", "transfer", "block", "bench" })
        {
            Assert.Contains("  " + command, stdout, StringComparison.Ordinal);
        }

        (code, stdout, stderr) = await VeilCli.RunAsync("transfer", "--help");
        Assert.True(code == 0, stderr);
        foreach (var option in new[] { "--from", "--to", "--amount", "--keep-alive", "--rpc", "--json" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Node_StopsCleanly_WhenSentSigterm()
    {
        // Regression: System.CommandLine 2.0.0 left signals unhandled, so `veil node` ignored SIGTERM and Ctrl+C.
        using var data = new TempDirectory();
        await using var node = await NodeProcess.StartAsync(data.Path, "--instant");

        var exitCode = await node.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(15));

        Assert.True(exitCode is not null, $"veil node still runs 15 s after SIGTERM:\n{node.Output}");
        Assert.Contains("veil: stopping node", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);

        // The data directory is released: a new node opens it and finds the chain.
        await using var again = await NodeProcess.StartAsync(data.Path, "--instant");
        Assert.Equal(0, (await BalanceAsync(again, "//Bob")).GetProperty("nonce").GetInt32());
    }

    internal static async Task<JsonElement> BalanceAsync(NodeProcess node, string who)
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync("balance", who, "--json", "--rpc", node.Url);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    internal static UInt128 Free(JsonElement balance)
        => UInt128.Parse(balance.GetProperty("free").GetRawText(), CultureInfo.InvariantCulture);
}
