using System.Net;
using System.Text.Json;
using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Protocol.Calls;
using Veil.Protocol.Registry;
using Veil.Protocol.Transactions;

namespace Veil.Worker.Tests;

/// <summary>Worker and gatekeeper hosts against a real in-process node, over real sockets.</summary>
public sealed class WorkerHostTests
{
    [Fact]
    public async Task StartAsync_RegistersAndServesInfo_WhenNodeIsRunning()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var root = WorkerTestNetwork.CreateRoot();
        await using var network = await WorkerTestNetwork.StartAsync(root, [], cancel.Token);

        var host = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token);

        var workers = await network.Client.Rpc.CallAsync("veil_workers", [], cancel.Token);
        var listed = Assert.Single(workers.EnumerateArray());
        Assert.Equal(host.IdentityKey.ToString(), listed.GetProperty("identityKey").GetString());
        Assert.Equal(host.Operator.ToSs58(), listed.GetProperty("operator").GetString());
        Assert.Equal("worker", listed.GetProperty("role").GetString());

        using var http = new HttpClient { BaseAddress = host.HttpUri, Timeout = TimeSpan.FromSeconds(10) };
        using var info = JsonDocument.Parse(await http.GetStringAsync(new Uri("/info", UriKind.Relative), cancel.Token));
        Assert.Equal(host.IdentityKey.ToString(), info.RootElement.GetProperty("identityKey").GetString());
        Assert.Equal(listed.GetProperty("ecdhKey").GetString(), info.RootElement.GetProperty("ecdhKey").GetString());
        Assert.Equal(listed.GetProperty("measurement").GetString(), info.RootElement.GetProperty("measurement").GetString());
        Assert.Equal("worker", info.RootElement.GetProperty("role").GetString());

        // The relay loop follows the chain: the enclave's last block advances past the registration.
        await WaitUntilAsync(() => host.Status.Info.LastNumber >= 2, cancel.Token);
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), cancel.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancel.Token);
        Assert.Contains("# TYPE veil_worker_last_block gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("veil_worker_egress_relayed_total ", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gatekeeper_PublishesContractKeys_WhenWalletIsDeployedToWorker()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var root = WorkerTestNetwork.CreateRoot();
        // The gatekeeper's identity must be in the spec before genesis: create and seal it first.
        var gatekeeperKey = WorkerHost.InitializeIdentity(WorkerTestNetwork.DataDirectory(root, "gatekeeper"));
        await using var network = await WorkerTestNetwork.StartAsync(root, [gatekeeperKey], cancel.Token);

        var gatekeeper = await network.StartHostAsync("gatekeeper", "//Dave", WorkerRole.Gatekeeper, cancel.Token);
        var worker = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token);
        Assert.Equal(gatekeeperKey, gatekeeper.IdentityKey);
        Assert.Equal(WorkerRole.Gatekeeper, gatekeeper.Role);

        using var bob = KeyDerivation.FromUri("//Bob");
        var context = await network.Client.GetSigningContextAsync(cancel.Token);
        var nonce = await network.Client.GetNextNonceAsync(bob.PublicKey, cancel.Token);
        var deploy = ExtrinsicCodec.EncodeSigned(bob.PublicKey, ContractsCall.CreateDeployBuiltin("Wallet", [worker.IdentityKey]), Era.Immortal, nonce, UInt128.Zero, context, context.GenesisHash, bob.Sign);
        await network.Client.SubmitAndWaitFinalizedAsync(deploy, null, cancel.Token);

        var contracts = await network.WaitForAsync(
            "veil_contracts",
            result => result.GetArrayLength() == 1 && result[0].GetProperty("ecdhKey").ValueKind == JsonValueKind.String,
            cancel.Token);
        var contract = contracts[0];
        Assert.Equal("Wallet", contract.GetProperty("kind").GetString());
        Assert.Equal(worker.IdentityKey.ToString(), Assert.Single(contract.GetProperty("cluster").EnumerateArray()).GetString());
        Assert.True(Hash256.TryParse(contract.GetProperty("ecdhKey").GetString(), out _));
        Assert.True(gatekeeper.Status.EgressRelayed > 0);
        Assert.Equal(0, gatekeeper.Status.RelayFailures);
    }

    [Fact]
    public async Task StartAsync_KeepsIdentityAndDoesNotRegisterTwice_WhenRestartedInSameDirectory()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var root = WorkerTestNetwork.CreateRoot();
        await using var network = await WorkerTestNetwork.StartAsync(root, [], cancel.Token);
        var first = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token);
        var identityKey = first.IdentityKey;
        await network.StopHostAsync(first);

        var second = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token);

        Assert.Equal(identityKey, second.IdentityKey);
        Assert.True(second.Status.Registered);
        Assert.Single((await network.Client.Rpc.CallAsync("veil_workers", [], cancel.Token)).EnumerateArray());
        await WaitUntilAsync(() => second.Status.Info.LastNumber >= 2, cancel.Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WorkerTestNetwork.Timeout);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
