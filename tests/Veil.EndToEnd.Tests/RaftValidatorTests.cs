using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Cli.Commands;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.EndToEnd.Tests.Infrastructure;
using Veil.Sdk;
using Xunit.Abstractions;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// Three <c>veil node --validator</c> processes on loopback ports: transfers under load through any
/// validator, kill -9 of the leader, a new leader within 2 s, every transfer landing exactly once, the
/// killed validator restarted from its data directory catching up, and one block per height everywhere.
/// </summary>
public sealed class RaftValidatorTests(ITestOutputHelper output)
{
    private static readonly string[] Names = ["Alice", "Bob", "Charlie"];
    private static readonly string[] Senders = ["Dave", "Eve", "Ferdie"];

    [Fact]
    public async Task KillingTheLeaderUnderLoad_ElectsANewLeaderWithinTwoSeconds_LosesNothing_AndTheRestartedValidatorCatchesUp()
    {
        using var data = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var spec = Path.Combine(data.Path, "spec.json");
        await File.WriteAllTextAsync(spec, TestnetCommand.SpecJson(3), ct);
        var rpcPorts = new int[3];
        var raftPorts = new int[3];
        for (var i = 0; i < 3; i++)
        {
            rpcPorts[i] = NodeProcess.FreePort();
            raftPorts[i] = NodeProcess.FreePort();
        }

        var nodes = new NodeProcess?[3];
        try
        {
            for (var i = 0; i < 3; i++) nodes[i] = await StartValidatorAsync(i);
            var alive = new[] { true, true, true };
            var leader = await FindLeaderAsync(nodes, alive, ct);
            output.WriteLine($"first leader: {Names[leader]}");

            using var recipientKey = KeyDerivation.FromUri("//RaftRecipient");
            var recipient = recipientKey.PublicKey;
            using var stopLoad = new CancellationTokenSource();
            var load = new Task<int>[Senders.Length];
            for (var s = 0; s < Senders.Length; s++)
            {
                var sender = Senders[s];
                var first = s;
                load[s] = Task.Run(() => SendUntilStoppedAsync(sender, recipient, nodes, alive, first, stopLoad.Token, ct), ct);
            }

            await Task.Delay(2000, ct);
            alive[leader] = false;
            var stopwatch = Stopwatch.StartNew();
            await nodes[leader]!.KillHardAsync();
            var next = await FindLeaderAsync(nodes, alive, ct);
            var failover = stopwatch.Elapsed;
            output.WriteLine($"killed {Names[leader]}; new leader {Names[next]} after {failover.TotalMilliseconds:F0} ms");
            Assert.True(failover < TimeSpan.FromSeconds(2), $"a new leader took {failover}");

            await Task.Delay(2000, ct);
            await stopLoad.CancelAsync();
            var landed = await Task.WhenAll(load);
            var total = landed.Sum();
            output.WriteLine($"transfers landed: {string.Join(", ", landed)} (total {total})");
            Assert.All(landed, count => Assert.True(count > 0));

            // Exactly once: every sender's nonce moved once per landed transfer, and the recipient got each once.
            await using (var client = await VeilClient.ConnectAsync(nodes[next]!.Url, ct))
            {
                for (var s = 0; s < Senders.Length; s++)
                {
                    using var key = KeyDerivation.FromUri("//" + Senders[s]);
                    Assert.Equal((uint)landed[s], (await client.GetBalanceAsync(key.PublicKey, ct)).Nonce);
                }

                Assert.Equal(ChainParameters.OneVeil * (uint)total, (await client.GetBalanceAsync(recipient, ct)).Free);
            }

            // The killed validator comes back from its data directory and catches up.
            await nodes[leader]!.DisposeAsync();
            nodes[leader] = await StartValidatorAsync(leader);
            alive[leader] = true;
            var target = await HeadAsync(nodes[next]!, ct);
            await WaitUntilAsync(async () => await HeadAsync(nodes[leader]!, ct) >= target, ct);

            // One block per height on every validator.
            var heads = new uint[3];
            for (var i = 0; i < 3; i++) heads[i] = await HeadAsync(nodes[i]!, ct);
            var common = heads.Min();
            var clients = new VeilClient[3];
            for (var i = 0; i < 3; i++) clients[i] = await VeilClient.ConnectAsync(nodes[i]!.Url, ct);
            try
            {
                for (uint n = 1; n <= common; n++)
                {
                    var hash = await clients[0].GetBlockHashAsync(n, ct);
                    Assert.NotNull(hash);
                    Assert.Equal(hash, await clients[1].GetBlockHashAsync(n, ct));
                    Assert.Equal(hash, await clients[2].GetBlockHashAsync(n, ct));
                }
            }
            finally
            {
                foreach (var client in clients) await client.DisposeAsync();
            }

            output.WriteLine($"{common} blocks identical on all three validators");
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is not null) await node.DisposeAsync();
            }
        }

        async Task<NodeProcess> StartValidatorAsync(int index)
        {
            var args = new List<string>
            {
                "node", "--chain", spec, "--data", Path.Combine(data.Path, Names[index]), "--authority", "//" + Names[index],
                "--rpc-port", rpcPorts[index].ToString(CultureInfo.InvariantCulture), "--block-ms", "200",
                "--validator", $"127.0.0.1:{raftPorts[index]}",
            };
            for (var j = 0; j < 3; j++)
            {
                if (j != index) args.AddRange(["--peer", $"127.0.0.1:{raftPorts[j]}=ws://127.0.0.1:{rpcPorts[j]}"]);
            }

            return await NodeProcess.StartCommandAsync(rpcPorts[index], [.. args]);
        }
    }

    // Signs transfers with consecutive nonces and submits each through a live validator, waiting for its
    // finalization; after a failure (leader killed, election) it asks a live validator whether the nonce was
    // used, and resubmits the very same bytes if not. Returns how many landed.
    private static async Task<int> SendUntilStoppedAsync(string sender, AccountId recipient, NodeProcess?[] nodes, bool[] alive, int first, CancellationToken stop, CancellationToken ct)
    {
        using var key = KeyDerivation.FromUri("//" + sender);
        uint nonce = 0;
        byte[]? pending = null;
        var turn = first;
        while (!stop.IsCancellationRequested || pending is not null)
        {
            ct.ThrowIfCancellationRequested();
            var node = NextAlive(nodes, alive, ref turn);
            try
            {
                await using var client = await VeilClient.ConnectAsync(node.Url, ct);
                pending ??= VeilClient.SignTransfer(key, recipient, ChainParameters.OneVeil, nonce, await client.GetSigningContextAsync(ct));
                using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
                patience.CancelAfter(TimeSpan.FromSeconds(5));
                await client.SubmitAndWaitFinalizedAsync(pending, null, patience.Token);
                nonce++;
                pending = null;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                await Task.Delay(300, ct);
                try
                {
                    await using var check = await VeilClient.ConnectAsync(NextAlive(nodes, alive, ref turn).Url, ct);
                    if ((await check.GetBalanceAsync(key.PublicKey, ct)).Nonce > nonce)
                    {
                        nonce++;
                        pending = null;
                    }
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // Ask again after the next attempt.
                }
            }
        }

        return (int)nonce;
    }

    private static NodeProcess NextAlive(NodeProcess?[] nodes, bool[] alive, ref int turn)
    {
        for (var i = 0; i < nodes.Length; i++)
        {
            turn = (turn + 1) % nodes.Length;
            if (Volatile.Read(ref alive[turn]) && nodes[turn] is { } node) return node;
        }

        throw new InvalidOperationException("no validator is alive");
    }

    private static async Task<int> FindLeaderAsync(NodeProcess?[] nodes, bool[] alive, CancellationToken ct)
    {
        while (true)
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                if (!alive[i] || nodes[i] is not { } node) continue;
                try
                {
                    await using var client = await VeilClient.ConnectAsync(node.Url, ct);
                    var status = await client.Rpc.CallAsync("veil_raftStatus", [], ct);
                    if (status.GetProperty("isLeader").GetBoolean()) return i;
                }
                catch (Veil.Sdk.Rpc.RpcClientException)
                {
                    // Starting or stopping.
                }
            }

            await Task.Delay(20, ct);
        }
    }

    private static async Task<uint> HeadAsync(NodeProcess node, CancellationToken ct)
    {
        await using var client = await VeilClient.ConnectAsync(node.Url, ct);
        var status = await client.Rpc.CallAsync("veil_raftStatus", [], ct);
        return status.GetProperty("finalizedNumber").GetUInt32();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (!await condition()) await Task.Delay(100, ct);
    }
}
