using System.Globalization;
using System.Text.Json;
using Veil.EndToEnd.Tests.Infrastructure;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// Issue #4 end to end on `veil dev`: the AssemblyScript token example (built by ./test.sh into
/// sdk/assemblyscript/build) is uploaded and instantiated with `veil contract deploy`, Alice transfers to
/// Bob with `veil contract call`, and balances are read with `veil contract query` from both workers —
/// each balance only by its owner.
/// </summary>
public sealed class WasmContractTests
{
    [Fact]
    public async Task Token_DeployTransferQuery_ThroughTheCli()
    {
        var build = BuildDirectory();
        var bundle = Path.Combine(build, "token.contract");
        var metadata = Path.Combine(build, "token.json");
        using var data = new TempDirectory();
        var port = NodeProcess.FreePort();
        var workerPort = NodeProcess.FreePort();
        await using var dev = await NodeProcess.StartCommandAsync(port, ["dev", "--data", data.Path, "--rpc-port", Text(port), "--worker-port", Text(workerPort), "--block-ms", "200"]);
        var first = $"http://127.0.0.1:{workerPort + 1}";
        var second = $"http://127.0.0.1:{workerPort + 2}";

        var deployed = await Contract("deploy", "--code", bundle, "--constructor", "new", "--args", "[\"1000000\"]", "--from", "//Alice", "--rpc", dev.Url);
        var id = deployed.GetProperty("contract").GetString()!;

        var call = await Contract("call", "--contract", id, "--metadata", metadata, "--message", "transfer", "--args", "[\"//Bob\", 250]", "--from", "//Alice", "--rpc", dev.Url, "--worker", first);
        Assert.True(call.GetProperty("block").GetUInt32() > deployed.GetProperty("block").GetUInt32());
        Assert.True(call.GetProperty("success").GetBoolean());
        Assert.Equal(1, call.GetProperty("events").GetInt32());

        // A call the contract rejects: the sender learns why from its private receipt; nothing changes.
        var (failedCode, _, failedErr) = await VeilCli.RunAsync("contract", "call", "--contract", id, "--metadata", metadata, "--message", "transfer", "--args", "[\"//Alice\", 251]", "--from", "//Bob", "--rpc", dev.Url, "--worker", second);
        Assert.Equal(1, failedCode);
        Assert.Contains("transfer failed in block", failedErr, StringComparison.Ordinal);
        Assert.Contains("InsufficientBalance", failedErr, StringComparison.Ordinal);

        foreach (var worker in new[] { first, second })
        {
            Assert.Equal("{\"Ok\":999750}", await Query(id, metadata, dev.Url, worker, "balance_of", "[\"//Alice\"]", "//Alice"));
            Assert.Equal("{\"Ok\":250}", await Query(id, metadata, dev.Url, worker, "balance_of", "[\"//Bob\"]", "//Bob"));
            Assert.Equal("1000000", await Query(id, metadata, dev.Url, worker, "total_supply", "[]", "//Charlie"));
        }

        var (code, _, stderr) = await VeilCli.RunAsync("contract", "query", "--contract", id, "--metadata", metadata, "--message", "balance_of", "--args", "[\"//Alice\"]", "--as", "//Bob", "--rpc", dev.Url, "--worker", first);
        Assert.Equal(1, code);
        Assert.Contains("NotAuthorized", stderr, StringComparison.Ordinal);

        // A message the metadata does not have is refused before anything is sent.
        (code, _, stderr) = await VeilCli.RunAsync("contract", "call", "--contract", id, "--metadata", metadata, "--message", "mint", "--from", "//Alice", "--rpc", dev.Url, "--worker", first);
        Assert.Equal(1, code);
        Assert.Contains("no message 'mint'", stderr, StringComparison.Ordinal);
    }

    private static async Task<string> Query(string id, string metadata, string rpc, string worker, string message, string args, string asker)
    {
        var answer = await Contract("query", "--contract", id, "--metadata", metadata, "--message", message, "--args", args, "--as", asker, "--rpc", rpc, "--worker", worker);
        return answer.GetProperty("result").GetRawText();
    }

    private static async Task<JsonElement> Contract(params string[] args)
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync(["contract", .. args, "--json"]);
        Assert.True(code == 0, $"veil contract {string.Join(' ', args)} failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static string BuildDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Veil.slnx")))
            {
                var build = Path.Combine(dir.FullName, "sdk", "assemblyscript", "build");
                Assert.True(File.Exists(Path.Combine(build, "token.contract")), $"{build}/token.contract is missing: ./test.sh builds the examples");
                return build;
            }
        }

        throw new InvalidOperationException($"no Veil.slnx above {AppContext.BaseDirectory}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
