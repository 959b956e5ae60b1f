using System.Collections.Concurrent;
using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.EndToEnd.Tests.Infrastructure;
using Veil.Protocol.Accounts;
using Veil.Protocol.Storage;
using Veil.Sdk;
using Veil.Sdk.Rpc;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// kill -9 of a real node process under transfer load, restarted on the same data directory, several
/// times: nothing finalized is lost or rewritten, and the books balance.
/// </summary>
public sealed class CrashSafetyTests
{
    private static readonly string[] Senders = ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve"];

    [Fact]
    public async Task KillDashNine_UnderTransferLoad_KeepsEveryFinalizedTransfer_AndNeverRewritesAHeight()
    {
        using var data = new TempDirectory();
        var heights = new ConcurrentDictionary<uint, Hash256>();
        var transfers = new ConcurrentBag<(Hash256 Extrinsic, Hash256 Block)>();
        var random = new Random(20261125);

        for (var round = 0; round < 3; round++)
        {
            await using var node = await NodeProcess.StartAsync(data.Path, "--block-ms", "100");
            await using (var client = await VeilClient.ConnectAsync(node.Url, CancellationToken.None))
            {
                await VerifyHistoryAsync(client, heights, transfers);
            }

            using var load = new CancellationTokenSource();
            var workers = new List<Task>();
            foreach (var sender in Senders)
            {
                workers.Add(Task.Run(() => TransferLoopAsync(node.Url, sender, transfers, load.Token)));
            }

            workers.Add(Task.Run(() => RecordHeadsAsync(node.Url, heights, load.Token)));
            await Task.Delay(TimeSpan.FromMilliseconds(1200 + random.Next(1500)));
            await node.KillHardAsync();
            load.Cancel();
            await Task.WhenAll(workers);
        }

        Assert.True(transfers.Count >= 10, $"the load produced only {transfers.Count} finalized transfers");
        await using var final = await NodeProcess.StartAsync(data.Path, "--block-ms", "100");
        await using var check = await VeilClient.ConnectAsync(final.Url, CancellationToken.None);
        await VerifyHistoryAsync(check, heights, transfers);
    }

    private static async Task VerifyHistoryAsync(VeilClient client, ConcurrentDictionary<uint, Hash256> heights, ConcurrentBag<(Hash256 Extrinsic, Hash256 Block)> transfers)
    {
        var head = await client.GetHeaderAsync(null, CancellationToken.None);
        var headNumber = Convert.ToUInt32(head.GetProperty("number").GetString()![2..], 16);
        foreach (var (number, hash) in heights)
        {
            Assert.True(number <= headNumber, $"block #{number} was finalized before the crash but the chain resumed at #{headNumber}");
            Assert.Equal(hash, await client.GetBlockHashAsync(number, CancellationToken.None));
        }

        foreach (var (extrinsic, block) in transfers)
        {
            var status = await client.Rpc.CallAsync("veil_transactionStatus", [extrinsic.ToString()], CancellationToken.None);
            Assert.Equal(JsonValueKind.Object, status.ValueKind);
            Assert.Equal(block.ToString(), status.GetProperty("block").GetString());
        }

        // Books balance: the sum of all accounts is the total issuance, and the issuance fell from
        // genesis by exactly the fees of the included extrinsics.
        var parameters = new ChainParameters();
        UInt128 fees = 0;
        for (uint n = 1; n <= headNumber; n++)
        {
            var hash = await client.GetBlockHashAsync(n, CancellationToken.None);
            var (_, extrinsics) = VeilClient.DecodeBlock(await client.GetBlockAsync(hash!.Value, CancellationToken.None));
            foreach (var extrinsic in extrinsics) fees += parameters.FeeFor(extrinsic.Encoded.Length, extrinsic.Tip);
        }

        UInt128 sum = 0;
        var prefix = Hex.Encode(StorageKey.SystemAccountPrefix);
        var keys = await client.Rpc.CallAsync("state_getKeysPaged", [prefix, 1000], CancellationToken.None);
        foreach (var key in keys.EnumerateArray())
        {
            var value = await client.Rpc.CallAsync("state_getStorage", [key.GetString()], CancellationToken.None);
            Assert.True(AccountInfo.TryDecode(Hex.Decode(value.GetString()!), out var info, out var error), error);
            sum += info.Free + info.Reserved;
        }

        var issuance = UInt128.Parse((await client.Rpc.CallAsync("veil_totalIssuance", [], CancellationToken.None)).GetString()!);
        Assert.Equal(issuance, sum);
        Assert.Equal(ChainParameters.OneVeil * 6_000_000, issuance + fees);
    }

    private static async Task TransferLoopAsync(string url, string senderUri, ConcurrentBag<(Hash256, Hash256)> transfers, CancellationToken stop)
    {
        using Ed25519KeyPair sender = KeyDerivation.FromUri(senderUri);
        var random = new Random(senderUri.GetHashCode(StringComparison.Ordinal));
        try
        {
            await using var client = await VeilClient.ConnectAsync(url, stop);
            var context = await client.GetSigningContextAsync(stop);
            while (!stop.IsCancellationRequested)
            {
                var nonce = await client.GetNextNonceAsync(sender.PublicKey, stop);
                var recipient = random.Next(3) == 0 ? DevAccounts.Ferdie : new AccountId(RandomBytes(random));
                var extrinsic = VeilClient.SignTransfer(sender, recipient, ChainParameters.OneVeil, nonce, context);
                var block = await client.SubmitAndWaitFinalizedAsync(extrinsic, null, stop);
                transfers.Add((Veil.Core.Hashing.Blake2b.Hash256(extrinsic), block));
            }
        }
        catch (Exception ex) when (ex is RpcClientException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            // The node was killed under us: expected.
        }
    }

    private static async Task RecordHeadsAsync(string url, ConcurrentDictionary<uint, Hash256> heights, CancellationToken stop)
    {
        try
        {
            await using var client = await VeilRpcClient.ConnectAsync(url, stop);
            var subscription = await client.SubscribeAsync("chain_subscribeFinalizedHeads", [], "chain_unsubscribeFinalizedHeads", stop);
            while (!stop.IsCancellationRequested)
            {
                var header = await subscription.NextAsync(stop);
                var number = Convert.ToUInt32(header.GetProperty("number").GetString()![2..], 16);
                var hash = Hash256.Parse(header.GetProperty("hash").GetString()!);
                Assert.True(heights.GetOrAdd(number, hash) == hash, $"two different blocks were finalized at #{number}");
            }
        }
        catch (Exception ex) when (ex is RpcClientException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            // The node was killed under us: expected.
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }
}
