using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Veil.Chain;
using Veil.Chain.Consensus;
using Veil.Chain.Runtime;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Enclave.Platform;
using Veil.Node;
using Veil.Protocol.Registry;
using Veil.Sdk;
using Veil.Sdk.Confidential;
using Veil.Worker;

namespace Veil.Cli.Commands;

/// <summary>
/// <c>veil bench wallet</c>: end-to-end throughput of confidential wallet transfers and the worker's
/// catch-up replay. Starts in one process a node, a gatekeeper and one worker (which reaches the node
/// only over its RPC), deploys the Wallet, funds and deposits for the senders, pre-signs the sealed
/// transfers, and times from the first submission until sealed owner queries to the worker show every
/// recipient's final balance. Then it stops the worker, deletes its sealed checkpoint and times the
/// restarted worker's replay of the whole chain.
/// </summary>
internal static class WalletBenchmark
{
    private static readonly UInt128 Amount = ChainParameters.OneVeil / 1000;

    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(WalletBenchmarkOptions options, CancellationToken ct)
    {
        var (count, senderCount, recipientCount) = (options.Count, Math.Min(options.Senders, options.Count), options.Recipients);
        var json = options.Json;
        var verifyRate = BenchCommand.MeasureVerifyRate();
        BenchCommand.Progress(json, $"Ed25519 verify on this machine: {verifyRate:N0}/s per core, {verifyRate * Environment.ProcessorCount:N0}/s on {Environment.ProcessorCount} cores");

        var senders = new Ed25519KeyPair[senderCount];
        var recipients = new Ed25519KeyPair[recipientCount];
        Parallel.For(0, senderCount, i => senders[i] = KeyDerivation.FromUri($"//bench//wallet//{i}"));
        Parallel.For(0, recipientCount, i => recipients[i] = KeyDerivation.FromUri($"//bench//recipient//{i}"));
        var data = Path.Combine(Path.GetTempPath(), $"veil-bench-wallet-{Environment.ProcessId}-{Guid.NewGuid():N}");
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));
        WorkerHost? gatekeeper = null;
        WorkerHost? worker = null;
        try
        {
            var gatekeeperOptions = new WorkerHostOptions { DataDirectory = Path.Combine(data, "gatekeeper"), OperatorUri = "//Dave", Role = WorkerRole.Gatekeeper };
            var gatekeeperKey = WorkerHost.InitializeIdentity(gatekeeperOptions.DataDirectory);
            var balances = new List<(AccountId, UInt128)>(ChainSpec.Dev().Balances);
            foreach (var key in senders) balances.Add((key.PublicKey, ChainParameters.OneVeil * 1_000_000));
            var spec = ChainSpec.Dev() with { Id = "veil_bench", Name = "Veil Benchmark", Balances = balances, Measurements = [SimulatedMeasurement.Current], Gatekeepers = [gatekeeperKey] };
            var seal = new DevSealOptions(TimeSpan.FromMilliseconds(options.BlockMs), false);
            await using var node = await VeilNode.StartAsync(new NodeOptions { Spec = spec, DataDirectory = Path.Combine(data, "node"), RpcPort = 0, Seal = seal }, loggers, ct);
            var url = $"ws://127.0.0.1:{node.Rpc.BoundPort}";
            var workerOptions = new WorkerHostOptions { DataDirectory = Path.Combine(data, "worker"), OperatorUri = "//Eve", NodeUrl = url, MaxBlocksPerBatch = options.MaxBlocksPerBatch };
            gatekeeper = await WorkerHost.StartAsync(gatekeeperOptions with { NodeUrl = url }, loggers, ct);
            worker = await WorkerHost.StartAsync(workerOptions, loggers, ct);
            BenchCommand.Progress(json, "deploying the Wallet to the worker…");
            var contractId = Hash256.Parse(await DevNetwork.DeployWalletAsync(url, [worker.IdentityKey], ct));

            await using var chain = await VeilClient.ConnectAsync(url, ct);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await WaitForKeysAsync(chain, contractId, ct);
            using var wallet = await WalletClient.OpenAsync(chain, http, worker.HttpUri, contractId, ct);
            var context = node.Chain.SigningContext;
            var clients = await BenchCommand.ConnectAsync(url, options.Connections, ct);
            try
            {
                // Setup, not timed: each sender deposits what it will send.
                var perSender = (uint)((count + senderCount - 1) / senderCount);
                var deposits = new byte[senderCount][];
                Parallel.For(0, senderCount, i => deposits[i] = wallet.SignDeposit(senders[i], Amount * perSender, 0, context));
                BenchCommand.Progress(json, $"depositing for {senderCount} senders…");
                var depositBlock = await SubmitAndTrackAsync(node, clients, deposits, options.Batch, ct);
                await WaitForWorkerAsync(worker, depositBlock.Number, ct);

                BenchCommand.Progress(json, $"sealing and signing {count:N0} confidential transfers from {senderCount} senders to {recipientCount} recipients…");
                var transfers = new byte[count][];
                Parallel.For(0, count, i => transfers[i] = wallet.SignTransfer(senders[i % senderCount], recipients[i % recipientCount].PublicKey, Amount, (uint)(1 + (i / senderCount)), context));
                var expected = new UInt128[recipientCount];
                for (var i = 0; i < count; i++) expected[i % recipientCount] += Amount;

                BenchCommand.Progress(json, $"submitting over {options.Connections} WebSocket connection(s) in batches of {options.Batch}…");
                var run = await RunTransfersAsync(node, worker, wallet, clients, transfers, recipients, expected, options.Batch, ct);
                var rate = count / run.Visible.TotalSeconds;

                // Catch-up replay: a worker that lost its checkpoint replays every block from genesis.
                var head = node.Chain.Head.Number;
                BenchCommand.Progress(json, $"restarting the worker without its checkpoint to replay blocks #1..#{head}…");
                await worker.DisposeAsync();
                worker = null;
                File.Delete(Path.Combine(workerOptions.DataDirectory, SealedKeyFiles.CheckpointFileName));
                var replayStarted = Stopwatch.GetTimestamp();
                worker = await WorkerHost.StartAsync(workerOptions, loggers, ct);
                var startup = Stopwatch.GetElapsedTime(replayStarted);
                await WaitForWorkerAsync(worker, head, ct);
                var replay = Stopwatch.GetElapsedTime(replayStarted);
                var commands = count + senderCount;
                var replayRate = commands / replay.TotalSeconds;
                var limit = verifyRate * Environment.ProcessorCount;
                if (json)
                {
                    Console.WriteLine($"{{\"transfers\":{count},\"seconds\":{run.Visible.TotalSeconds:F3},\"tps\":{rate:F0},\"admitSeconds\":{run.Admitted.TotalSeconds:F3},\"finalizedSeconds\":{run.Finalized.TotalSeconds:F3},\"executedSeconds\":{run.Executed.TotalSeconds:F3},\"blocks\":{run.Blocks},"
                        + $"\"replayedBlocks\":{head},\"replayedCommands\":{commands},\"replaySeconds\":{replay.TotalSeconds:F3},\"replayStartupSeconds\":{startup.TotalSeconds:F3},\"replayCommandsPerSecond\":{replayRate:F0},\"verifyPerSecondAllCores\":{limit:F0}}}");
                }
                else
                {
                    Console.WriteLine($"{count:N0} confidential transfers submitted, finalized, executed by the worker and visible to the owners' queries in {run.Visible.TotalSeconds:F2} s over {run.Blocks} block(s): {rate:N0} transfers/s");
                    Console.WriteLine($"  all admitted      {run.Admitted.TotalSeconds,7:F2} s  ({count / run.Admitted.TotalSeconds:N0}/s)");
                    Console.WriteLine($"  all finalized     {run.Finalized.TotalSeconds,7:F2} s  (+{(run.Finalized - run.Admitted).TotalSeconds:F2} s)");
                    Console.WriteLine($"  worker executed   {run.Executed.TotalSeconds,7:F2} s  (+{(run.Executed - run.Finalized).TotalSeconds:F2} s after finality)");
                    Console.WriteLine($"  queries confirm   {run.Visible.TotalSeconds,7:F2} s  (+{(run.Visible - run.Executed).TotalSeconds:F2} s, {recipientCount} sealed balance queries)");
                    Console.WriteLine($"  crypto limit (Ed25519 verify on all cores): {limit:N0}/s; ratio {rate / limit:P0}");
                    Console.WriteLine($"catch-up replay: {commands:N0} wallet commands in {head} blocks replayed from genesis in {replay.TotalSeconds:F2} s (host start {startup.TotalSeconds:F2} s): {replayRate:N0} commands/s");
                }
            }
            finally
            {
                foreach (var client in clients) await client.DisposeAsync();

                // The hosts stop before the node does, so their relay loops end quietly rather than losing it.
                if (worker is not null) await worker.DisposeAsync();
                if (gatekeeper is not null) await gatekeeper.DisposeAsync();
                (worker, gatekeeper) = (null, null);
            }
        }
        finally
        {
            if (worker is not null) await worker.DisposeAsync();
            if (gatekeeper is not null) await gatekeeper.DisposeAsync();
            foreach (var key in senders) key?.Dispose();
            foreach (var key in recipients) key?.Dispose();
            await DeleteDirectoryAsync(data);
        }

        return 0;
    }

    // RocksDB's background threads may still be closing files just after the node is disposed (a single
    // attempt left the node's directory behind), so a few tries; a temp directory left over is harmless.
    private static async Task DeleteDirectoryAsync(string path)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private sealed record TransferRun(TimeSpan Admitted, TimeSpan Finalized, TimeSpan Executed, TimeSpan Visible, int Blocks);

    private readonly record struct LastBlock(uint Number, int Blocks);

    private static async Task<TransferRun> RunTransfersAsync(VeilNode node, WorkerHost worker, WalletClient wallet, VeilClient[] clients, byte[][] transfers, Ed25519KeyPair[] recipients, UInt128[] expected, int batchSize, CancellationToken ct)
    {
        var hex = new string[transfers.Length];
        Parallel.For(0, transfers.Length, i => hex[i] = Hex.Encode(transfers[i]));
        var tracker = new FinalityTracker(node, transfers);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var rejected = await BenchCommand.SubmitAllAsync(clients, hex, batchSize, ct);
            var admitted = Stopwatch.GetElapsedTime(started);
            if (rejected > 0) throw new CliError($"{rejected} transfer(s) were rejected by the node");
            var last = await tracker.Done.WaitAsync(PhaseTimeout, ct);
            var finalized = Stopwatch.GetElapsedTime(started);
            await WaitForWorkerAsync(worker, last.Number, ct);
            var executed = Stopwatch.GetElapsedTime(started);
            await WaitForBalancesAsync(wallet, recipients, expected, ct);
            var visible = Stopwatch.GetElapsedTime(started);
            return new TransferRun(admitted, finalized, executed, visible, last.Blocks);
        }
        finally
        {
            tracker.Dispose();
        }
    }

    /// <summary>Submits setup extrinsics and waits until all are finalized; the last block holding one.</summary>
    private static async Task<LastBlock> SubmitAndTrackAsync(VeilNode node, VeilClient[] clients, byte[][] extrinsics, int batchSize, CancellationToken ct)
    {
        using var tracker = new FinalityTracker(node, extrinsics);
        var hex = new string[extrinsics.Length];
        for (var i = 0; i < extrinsics.Length; i++) hex[i] = Hex.Encode(extrinsics[i]);
        var rejected = await BenchCommand.SubmitAllAsync(clients, hex, batchSize, ct);
        if (rejected > 0) throw new CliError($"{rejected} setup extrinsic(s) were rejected by the node");
        return await tracker.Done.WaitAsync(PhaseTimeout, ct);
    }

    private static async Task WaitForKeysAsync(VeilClient chain, Hash256 contractId, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(PhaseTimeout.TotalSeconds * Stopwatch.Frequency);
        while (await ConfidentialContractClient.GetContractAsync(chain, contractId, ct) is not { HasKeys: true })
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new CliError($"the gatekeeper did not publish the keys of contract {contractId}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    // In-process, so the worker's progress is read from its status rather than over HTTP: a 1 ms poll.
    private static async Task WaitForWorkerAsync(WorkerHost worker, uint number, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(PhaseTimeout.TotalSeconds * Stopwatch.Frequency);
        while (worker.Status.Info.LastNumber < number)
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new CliError($"the worker did not reach block #{number} (it is at #{worker.Status.Info.LastNumber})");
            await Task.Delay(TimeSpan.FromMilliseconds(1), ct);
        }
    }

    /// <summary>Each recipient asks the worker for its own balance (sealed, signed query) until all are as expected.</summary>
    private static async Task WaitForBalancesAsync(WalletClient wallet, Ed25519KeyPair[] recipients, UInt128[] expected, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(PhaseTimeout.TotalSeconds * Stopwatch.Frequency);
        var confirmed = new bool[recipients.Length];
        var remaining = recipients.Length;
        var queries = new Task<UInt128>[recipients.Length];
        while (remaining > 0)
        {
            for (var i = 0; i < recipients.Length; i++)
            {
                queries[i] = confirmed[i] ? Task.FromResult(expected[i]) : wallet.GetBalanceAsync(recipients[i], recipients[i].PublicKey, ct);
            }

            await Task.WhenAll(queries);
            for (var i = 0; i < recipients.Length; i++)
            {
                var balance = await queries[i];
                if (!confirmed[i] && balance == expected[i])
                {
                    confirmed[i] = true;
                    remaining--;
                }
                else if (balance > expected[i])
                {
                    throw new CliError($"recipient {i} holds {balance}, more than the {expected[i]} it was sent");
                }
            }

            if (remaining > 0)
            {
                if (Stopwatch.GetTimestamp() > deadline) throw new CliError($"{remaining} recipient balance(s) never reached the expected value");
                await Task.Delay(TimeSpan.FromMilliseconds(5), ct);
            }
        }
    }

    /// <summary>Completes with the last block once every one of the given extrinsics is in a finalized block.</summary>
    private sealed class FinalityTracker : IDisposable
    {
        private readonly VeilNode _node;
        private readonly HashSet<Hash256> _waiting;
        private readonly TaskCompletionSource<LastBlock> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _blocks;

        public FinalityTracker(VeilNode node, byte[][] extrinsics)
        {
            _node = node;
            _waiting = new HashSet<Hash256>(extrinsics.Length);
            foreach (var extrinsic in extrinsics) _waiting.Add(Blake2b.Hash256(extrinsic));
            node.Chain.BlockFinalized += OnFinalized;
        }

        public Task<LastBlock> Done => _done.Task;

        public void Dispose() => _node.Chain.BlockFinalized -= OnFinalized;

        private void OnFinalized(FinalizedBlock block)
        {
            lock (_waiting)
            {
                var before = _waiting.Count;
                foreach (var hash in block.TransactionHashes) _waiting.Remove(hash);
                if (_waiting.Count == before) return;
                _blocks++;
                if (_waiting.Count == 0) _done.TrySetResult(new LastBlock(block.Block.Header.Number, _blocks));
            }
        }
    }
}
