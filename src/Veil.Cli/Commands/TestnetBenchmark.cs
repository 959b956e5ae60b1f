using System.Diagnostics;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Sdk;

namespace Veil.Cli.Commands;

/// <summary>
/// <c>veil testnet --bench N</c>: throughput and time to finality of a running validator cluster. Pre-signs
/// N transfers from funded senders, submits them to the leader over WebSocket JSON-RPC batches, and stops
/// the clock when the recipient's balance, read from a follower, shows every one finalized. Then times
/// single transfers on an idle cluster from submission to the <c>finalized</c> notification.
/// </summary>
internal static class TestnetBenchmark
{
    public const int Senders = 200;

    private const int LatencySamples = 20;

    public static string SenderUri(int index) => $"//bench//{index}";

    public static async Task<int> RunAsync(IReadOnlyList<string> urls, int count, CancellationToken ct)
    {
        var (leader, follower) = await FindLeaderAsync(urls, ct);
        Console.Error.WriteLine($"leader {leader}; reading finality from {follower}");
        var keys = new Ed25519KeyPair[Senders];
        Parallel.For(0, Senders, i => keys[i] = KeyDerivation.FromUri(SenderUri(i)));
        try
        {
            await using var reader = await VeilClient.ConnectAsync(follower, ct);
            var context = await reader.GetSigningContextAsync(ct);
            using var recipientKey = KeyDerivation.FromUri("//bench//recipient");
            var recipient = recipientKey.PublicKey;
            var extrinsics = new string[count];
            Parallel.For(0, count, i => extrinsics[i] = Hex.Encode(VeilClient.SignTransfer(keys[i % Senders], recipient, ChainParameters.OneVeil, (uint)(i / Senders), context)));

            var clients = new VeilClient[4];
            for (var i = 0; i < clients.Length; i++) clients[i] = await VeilClient.ConnectAsync(leader, ct);
            TimeSpan elapsed;
            try
            {
                var started = Stopwatch.GetTimestamp();
                var rejected = await SubmitAllAsync(clients, extrinsics, 250, ct);
                if (rejected.Count > 0) throw new CliError($"{rejected.Count} transfer batch(es) were rejected by the leader, first: {rejected[0]}");
                var expected = ChainParameters.OneVeil * (uint)count;
                while ((await reader.GetBalanceAsync(recipient, ct)).Free < expected)
                {
                    if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(5)) throw new CliError("transfers were not all finalized within 5 minutes");
                    await Task.Delay(20, ct);
                }

                elapsed = Stopwatch.GetElapsedTime(started);
            }
            finally
            {
                foreach (var client in clients) await client.DisposeAsync();
            }

            var latencies = new List<double>(LatencySamples);
            await using (var client = await VeilClient.ConnectAsync(leader, ct))
            {
                var nonce = (uint)((count + Senders - 1) / Senders);
                for (var i = 0; i < LatencySamples; i++)
                {
                    await Task.Delay(50, ct);
                    var transfer = VeilClient.SignTransfer(keys[Senders - 1], recipient, ChainParameters.OneVeil, nonce + (uint)i, context);
                    var watch = Stopwatch.StartNew();
                    await client.SubmitAndWaitFinalizedAsync(transfer, null, ct);
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            latencies.Sort();
            var rate = count / elapsed.TotalSeconds;
            Console.WriteLine($"{count:N0} transfers finalized by {urls.Count} Raft validators in {elapsed.TotalSeconds:F2} s: {rate:N0} tx/s");
            Console.WriteLine($"time to finality of a single transfer (idle cluster, {LatencySamples} samples): median {latencies[LatencySamples / 2]:F0} ms, p90 {latencies[LatencySamples * 9 / 10]:F0} ms, min {latencies[0]:F0} ms");
            return 0;
        }
        finally
        {
            foreach (var key in keys) key?.Dispose();
        }
    }

    // Submits in JSON-RPC batches, each connection taking the next batch as it finishes one. A refused batch
    // (during an election nobody accepts transactions) is retried one transfer at a time until each is accepted
    // or already known; any other refusal is returned.
    private static async Task<List<string>> SubmitAllAsync(VeilClient[] clients, string[] extrinsics, int batchSize, CancellationToken ct)
    {
        var next = -1;
        var errors = new List<string>();
        var submitters = new Task[clients.Length];
        for (var c = 0; c < clients.Length; c++)
        {
            var client = clients[c];
            submitters[c] = Task.Run(async () =>
            {
                while (true)
                {
                    var start = Interlocked.Add(ref next, batchSize) - batchSize + 1;
                    if (start >= extrinsics.Length) return;
                    var end = Math.Min(start + batchSize, extrinsics.Length);
                    var parameters = new List<object?[]>(end - start);
                    for (var i = start; i < end; i++) parameters.Add([extrinsics[i]]);
                    try
                    {
                        await client.Rpc.CallBatchAsync("author_submitExtrinsic", parameters, ct);
                    }
                    catch (Veil.Sdk.Rpc.RpcClientException)
                    {
                        for (var i = start; i < end; i++)
                        {
                            if (await SubmitOneAsync(client, extrinsics[i], ct) is { } error)
                            {
                                lock (errors) errors.Add(error);
                            }
                        }
                    }
                }
            }, ct);
        }

        await Task.WhenAll(submitters);
        return errors;
    }

    private static async Task<string?> SubmitOneAsync(VeilClient client, string extrinsic, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.Rpc.CallAsync("author_submitExtrinsic", [extrinsic], ct);
                return null;
            }
            catch (Veil.Sdk.Rpc.RpcClientException ex) when (ex.Code == 1013 || ex.Message.Contains("stale", StringComparison.OrdinalIgnoreCase))
            {
                return null; // accepted by an earlier try (in the pool, or already in a block)
            }
            catch (Veil.Sdk.Rpc.RpcClientException ex) when (ex.Code == -32009 && attempt < 100)
            {
                await Task.Delay(100, ct);
            }
            catch (Veil.Sdk.Rpc.RpcClientException ex)
            {
                return $"{ex.Code} {ex.Message}";
            }
        }
    }

    // Asks each validator for veil_raftStatus until one leads; returns its URL and another validator's.
    private static async Task<(string Leader, string Follower)> FindLeaderAsync(IReadOnlyList<string> urls, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var url in urls)
            {
                await using var client = await VeilClient.ConnectAsync(url, ct);
                var status = await client.Rpc.CallAsync("veil_raftStatus", [], ct);
                if (status.GetProperty("isLeader").GetBoolean())
                {
                    var other = urls.Count > 1 ? urls[(IndexOf(urls, url) + 1) % urls.Count] : url;
                    return (url, other);
                }
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new CliError("no Raft leader was elected within 30 s");
            await Task.Delay(100, ct);
        }
    }

    private static int IndexOf(IReadOnlyList<string> urls, string url)
    {
        for (var i = 0; i < urls.Count; i++)
        {
            if (urls[i] == url) return i;
        }

        return 0;
    }
}
