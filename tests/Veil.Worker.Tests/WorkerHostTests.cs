using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
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

    [Fact]
    public async Task StartAsync_ResumesAfterCheckpoint_WhenRestartedInSameDirectory()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var root = WorkerTestNetwork.CreateRoot();
        await using var network = await WorkerTestNetwork.StartAsync(root, [], cancel.Token);
        var first = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token);
        await WaitUntilAsync(() => first.Status.CheckpointBlock >= 4, cancel.Token);
        await network.StopHostAsync(first);
        var checkpointBlock = first.Status.CheckpointBlock;
        Assert.True(File.Exists(Path.Combine(WorkerTestNetwork.DataDirectory(root, "worker"), SealedKeyFiles.CheckpointFileName)));

        var loggers = new CapturingLoggerFactory();
        var second = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token, loggers);

        // Restored before HTTP and the relay loop start: /info already reports the checkpoint's block.
        using var http = new HttpClient { BaseAddress = second.HttpUri, Timeout = TimeSpan.FromSeconds(10) };
        using var info = JsonDocument.Parse(await http.GetStringAsync(new Uri("/info", UriKind.Relative), cancel.Token));
        Assert.True(info.RootElement.GetProperty("lastBlock").GetProperty("number").GetUInt32() >= checkpointBlock);
        Assert.True(info.RootElement.GetProperty("checkpointBlock").GetUInt32() >= checkpointBlock);
        Assert.Contains(loggers.Entries, entry => entry.Level == LogLevel.Information && entry.Message == $"restored checkpoint at block #{checkpointBlock}");
        Assert.DoesNotContain(loggers.Entries, entry => entry.Level >= LogLevel.Warning);
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancel.Token);
        Assert.Contains("# TYPE veil_worker_checkpoint_block gauge", metrics, StringComparison.Ordinal);

        // It keeps following the chain from there, and checkpoints again.
        var head = await HeadAsync(network, cancel.Token);
        await WaitUntilAsync(() => second.Status.Info.LastNumber > head && second.Status.CheckpointBlock > checkpointBlock, cancel.Token);
        Assert.True(second.Status.Registered);
        Assert.Single((await network.Client.Rpc.CallAsync("veil_workers", [], cancel.Token)).EnumerateArray());
    }

    [Fact]
    public async Task StartAsync_IgnoresCheckpointAndReplaysFromGenesis_WhenCheckpointIsTampered()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var root = WorkerTestNetwork.CreateRoot();
        await using var network = await WorkerTestNetwork.StartAsync(root, [], cancel.Token);
        var first = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token);
        await WaitUntilAsync(() => first.Status.CheckpointBlock >= 3, cancel.Token);
        var identityKey = first.IdentityKey;
        await network.StopHostAsync(first);
        var path = Path.Combine(WorkerTestNetwork.DataDirectory(root, "worker"), SealedKeyFiles.CheckpointFileName);
        var tampered = await File.ReadAllBytesAsync(path, cancel.Token);
        tampered[tampered.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, tampered, cancel.Token);

        var loggers = new CapturingLoggerFactory();
        var second = await network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token, loggers);

        Assert.Equal(identityKey, second.IdentityKey);
        Assert.Contains(loggers.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("ignoring refused checkpoint", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Entries, entry => entry.Message.StartsWith("restored checkpoint", StringComparison.Ordinal));
        var head = await HeadAsync(network, cancel.Token);
        await WaitUntilAsync(() => second.Status.Info.LastNumber >= head, cancel.Token);
        // Replayed from genesis: the enclave accepted every block up to the head itself.
        Assert.True(second.Status.BlocksProcessed >= head);
        Assert.True(second.Status.Registered);
        Assert.Single((await network.Client.Rpc.CallAsync("veil_workers", [], cancel.Token)).EnumerateArray());
    }

    private static Task<uint> HeadAsync(WorkerTestNetwork network, CancellationToken cancellationToken)
        => new NodeBlockSource(network.Client.Rpc).GetFinalizedNumberAsync(cancellationToken);

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
