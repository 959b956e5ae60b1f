using System.Globalization;
using System.Text.Json;
using Veil.EndToEnd.Tests.Infrastructure;

namespace Veil.EndToEnd.Tests;

/// <summary><c>veil dev</c> as a user runs it: a node, a gatekeeper and two attested workers, and the Wallet with published keys.</summary>
public sealed class DevNetworkTests
{
    [Fact]
    public async Task Dev_StartsNodeGatekeeperTwoWorkersAndTheWallet_AndStopsCleanlyOnSigterm()
    {
        using var data = new TempDirectory();
        var port = NodeProcess.FreePort();
        var workerPort = NodeProcess.FreePort();
        await using var dev = await NodeProcess.StartCommandAsync(port, ["dev", "--data", data.Path, "--rpc-port", port.ToString(CultureInfo.InvariantCulture), "--worker-port", workerPort.ToString(CultureInfo.InvariantCulture), "--block-ms", "200"]);

        var (code, stdout, stderr) = await VeilCli.RunAsync("workers", "--json", "--rpc", dev.Url);
        Assert.True(code == 0, stderr);
        var workers = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(w => w.GetProperty("role").GetString()).Order().ToList();
        Assert.Equal(["gatekeeper", "worker", "worker"], workers);

        // The gatekeeper publishes the Wallet's keys from its enclave within a few blocks.
        JsonElement wallet = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            (code, stdout, stderr) = await VeilCli.RunAsync("contracts", "--json", "--rpc", dev.Url);
            Assert.True(code == 0, stderr);
            wallet = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray());
            if (wallet.GetProperty("ecdhKey").ValueKind == JsonValueKind.String) break;
            await Task.Delay(200);
        }

        Assert.Equal("Wallet", wallet.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.String, wallet.GetProperty("ecdhKey").ValueKind);
        Assert.Equal(2, wallet.GetProperty("cluster").GetArrayLength());

        using var http = new HttpClient();
        var info = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{workerPort + 1}/info")).RootElement;
        Assert.Equal("worker", info.GetProperty("role").GetString());
        Assert.True(info.GetProperty("registered").GetBoolean());

        Assert.Equal(0, await dev.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(20)));
    }
}
