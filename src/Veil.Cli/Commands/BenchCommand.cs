using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Veil.Chain.Consensus;
using Veil.Chain.Runtime;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Node;
using Veil.Sdk;

namespace Veil.Cli.Commands;

/// <summary>
/// <c>veil bench transfers</c>: end-to-end throughput of signed balance transfers. Starts a real node
/// (RocksDB, DevSeal, RPC server) on a temporary directory and a free port, pre-signs the transfers from
/// many funded senders, submits them over WebSocket JSON-RPC batches, and times until every one is in a
/// finalized block. It also measures this machine's Ed25519 verification rate for comparison.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of transfers", DefaultValueFactory = _ => 20_000 };
        var senders = new Option<int>("--senders") { Description = "Distinct funded sender accounts", DefaultValueFactory = _ => 200 };
        var blockMs = new Option<int>("--block-ms") { Description = "Block interval of the benchmark node", DefaultValueFactory = _ => 1000 };
        var connections = new Option<int>("--connections") { Description = "WebSocket connections used to submit", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Extrinsics per JSON-RPC batch", DefaultValueFactory = _ => 250 };
        var json = CliOptions.Json();
        var transfers = new Command("transfers", "Signed balance transfers per second: admitted, executed and finalized") { count, senders, blockMs, connections, batch, json };
        transfers.SetAction((r, ct) => RunTransfersAsync(r.GetValue(count), r.GetValue(senders), r.GetValue(blockMs), r.GetValue(connections), r.GetValue(batch), r.GetValue(json), ct));
        var bench = new Command("bench", "End-to-end benchmarks against a real local node");
        bench.Subcommands.Add(transfers);
        bench.Subcommands.Add(Wallet());
        return bench;
    }

    private static Command Wallet()
    {
        var count = new Option<int>("--count") { Description = "Number of confidential transfers", DefaultValueFactory = _ => 20_000 };
        var senders = new Option<int>("--senders") { Description = "Distinct sender accounts (each deposits first)", DefaultValueFactory = _ => 200 };
        var recipients = new Option<int>("--recipients") { Description = "Distinct recipients; each queries its own balance at the end", DefaultValueFactory = _ => 20 };
        var blockMs = new Option<int>("--block-ms") { Description = "Block interval of the benchmark node", DefaultValueFactory = _ => 500 };
        var connections = new Option<int>("--connections") { Description = "WebSocket connections used to submit", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Extrinsics per JSON-RPC batch", DefaultValueFactory = _ => 250 };
        var maxBlocks = new Option<int>("--worker-batch") { Description = "Most blocks the worker hands its enclave in one call", DefaultValueFactory = _ => 64 };
        var json = CliOptions.Json();
        var wallet = new Command("wallet", "Confidential wallet transfers per second end to end (submitted, finalized, executed by a worker, visible to the owners' queries), then the worker's catch-up replay rate")
        {
            count, senders, recipients, blockMs, connections, batch, maxBlocks, json,
        };
        wallet.SetAction((r, ct) =>
        {
            var options = new WalletBenchmarkOptions
            {
                Count = r.GetValue(count),
                Senders = r.GetValue(senders),
                Recipients = r.GetValue(recipients),
                BlockMs = r.GetValue(blockMs),
                Connections = r.GetValue(connections),
                Batch = r.GetValue(batch),
                MaxBlocksPerBatch = r.GetValue(maxBlocks),
                Json = r.GetValue(json),
            };
            if (options.Count < 1 || options.Senders < 1 || options.Recipients < 1 || options.BlockMs < 1 || options.Connections < 1 || options.Batch < 1 || options.MaxBlocksPerBatch < 1)
            {
                throw new CliError("--count, --senders, --recipients, --block-ms, --connections, --batch and --worker-batch must be positive");
            }

            return WalletBenchmark.RunAsync(options, ct);
        });
        return wallet;
    }

    private static async Task<int> RunTransfersAsync(int count, int senderCount, int blockMs, int connectionCount, int batchSize, bool json, CancellationToken ct)
    {
        if (count < 1 || senderCount < 1 || connectionCount < 1 || batchSize < 1) throw new CliError("--count, --senders, --connections and --batch must be positive");
        senderCount = Math.Min(senderCount, count);
        var verifyRate = MeasureVerifyRate();
        Progress(json, $"Ed25519 verify on this machine: {verifyRate:N0}/s per core, {verifyRate * Environment.ProcessorCount:N0}/s on {Environment.ProcessorCount} cores");

        var keys = new Ed25519KeyPair[senderCount];
        Parallel.For(0, senderCount, i => keys[i] = KeyDerivation.FromUri($"//bench//{i}"));
        var balances = new List<(AccountId, UInt128)>();
        foreach (var key in keys) balances.Add((key.PublicKey, ChainParameters.OneVeil * 1_000_000));
        var spec = ChainSpec.Dev() with { Id = "veil_bench", Name = "Veil Benchmark", Balances = [.. ChainSpec.Dev().Balances, .. balances] };

        var data = Path.Combine(Path.GetTempPath(), $"veil-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));
        try
        {
            await using var node = await VeilNode.StartAsync(new NodeOptions { Spec = spec, DataDirectory = data, RpcPort = 0, Seal = new DevSealOptions(TimeSpan.FromMilliseconds(blockMs), false) }, loggers, ct);
            var url = $"ws://127.0.0.1:{node.Rpc.BoundPort}";
            var context = node.Chain.SigningContext;

            Progress(json, $"signing {count:N0} transfers from {senderCount} senders…");
            // Signed and hex-encoded up front: the wallet's work is not what this measures.
            var extrinsics = new string[count];
            var recipient = DevAccounts.Ferdie;
            Parallel.For(0, count, i =>
            {
                var sender = i % senderCount;
                extrinsics[i] = Hex.Encode(VeilClient.SignTransfer(keys[sender], recipient, ChainParameters.OneVeil, (uint)(i / senderCount), context));
            });

            var finalized = 0;
            var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var blocks = 0;
            node.Chain.BlockFinalized += block =>
            {
                if (block.TransactionHashes.Count == 0) return;
                Interlocked.Increment(ref blocks);
                if (Interlocked.Add(ref finalized, block.TransactionHashes.Count) >= count) allDone.TrySetResult();
            };

            var clients = await ConnectAsync(url, connectionCount, ct);
            try
            {
                Progress(json, $"submitting over {connectionCount} WebSocket connection(s) in batches of {batchSize}…");
                var started = Stopwatch.GetTimestamp();
                var rejected = await SubmitAllAsync(clients, extrinsics, batchSize, ct);
                var admitted = Stopwatch.GetElapsedTime(started);
                if (rejected > 0) throw new CliError($"{rejected} transfer(s) were rejected by the node");
                Progress(json, $"all admitted after {admitted.TotalSeconds:F2} s; waiting for finality…");
                await allDone.Task.WaitAsync(TimeSpan.FromMinutes(5), ct);
                var elapsed = Stopwatch.GetElapsedTime(started);
                var rate = count / elapsed.TotalSeconds;
                var limit = verifyRate * Environment.ProcessorCount;
                if (json)
                {
                    Console.WriteLine($"{{\"transfers\":{count},\"seconds\":{elapsed.TotalSeconds:F3},\"tps\":{rate:F0},\"admitSeconds\":{admitted.TotalSeconds:F3},\"blocks\":{blocks},\"verifyPerSecondAllCores\":{limit:F0},\"ratioToCryptoLimit\":{rate / limit:F3}}}");
                }
                else
                {
                    Console.WriteLine($"{count:N0} transfers admitted, executed and finalized in {elapsed.TotalSeconds:F2} s over {blocks} block(s): {rate:N0} tx/s");
                    Console.WriteLine($"  admission alone: {count / admitted.TotalSeconds:N0} tx/s; crypto limit (verify on all cores): {limit:N0}/s; ratio {rate / limit:P0}");
                }
            }
            finally
            {
                foreach (var client in clients) await client.DisposeAsync();
            }
        }
        finally
        {
            foreach (var key in keys) key?.Dispose();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory left behind is harmless.
            }
        }

        return 0;
    }

    internal static async Task<VeilClient[]> ConnectAsync(string url, int connectionCount, CancellationToken ct)
    {
        var clients = new VeilClient[connectionCount];
        for (var i = 0; i < connectionCount; i++) clients[i] = await VeilClient.ConnectAsync(url, ct);
        return clients;
    }

    /// <summary>
    /// Submits hex-encoded extrinsics with author_submitExtrinsic in JSON-RPC batches, each connection
    /// taking the next batch as it finishes one; returns how many were in batches the node rejected.
    /// </summary>
    internal static async Task<int> SubmitAllAsync(VeilClient[] clients, string[] extrinsics, int batchSize, CancellationToken ct)
    {
        var count = extrinsics.Length;
        var next = -1;
        var rejected = 0;
        var submitters = new Task[clients.Length];
        for (var c = 0; c < clients.Length; c++)
        {
            var client = clients[c];
            submitters[c] = Task.Run(async () =>
            {
                while (true)
                {
                    var start = Interlocked.Add(ref next, batchSize) - batchSize + 1;
                    if (start >= count) return;
                    var end = Math.Min(start + batchSize, count);
                    var parameters = new List<object?[]>(end - start);
                    for (var i = start; i < end; i++) parameters.Add([extrinsics[i]]);
                    try
                    {
                        await client.Rpc.CallBatchAsync("author_submitExtrinsic", parameters, ct);
                    }
                    catch (Veil.Sdk.Rpc.RpcClientException)
                    {
                        Interlocked.Add(ref rejected, end - start);
                    }
                }
            }, ct);
        }

        await Task.WhenAll(submitters);
        return rejected;
    }

    internal static double MeasureVerifyRate()
    {
        using var key = KeyDerivation.FromUri("//bench//verify");
        var message = new byte[128];
        var signature = key.Sign(message);
        var publicKey = key.PublicKeyBytes.ToArray();
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.ElapsedMilliseconds < 500)
        {
            for (var i = 0; i < 100; i++) Ed25519.Verify(publicKey, message, signature);
            n += 100;
        }

        return n / watch.Elapsed.TotalSeconds;
    }

    internal static void Progress(bool json, string text)
    {
        if (!json) Console.Error.WriteLine(text);
    }
}
