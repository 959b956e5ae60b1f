using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto.Derivation;
using Veil.EndToEnd.Tests.Infrastructure;
using Veil.Protocol.Calls;
using Veil.Protocol.Contracts;
using Veil.Protocol.Storage;
using Veil.Sdk;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// Issue #3's walkthrough with real processes: on `veil dev`, Alice deposits 100 VEIL into the Wallet,
/// privately transfers 30 to Bob, and Bob withdraws 10 — all through the `veil wallet` CLI, whose node
/// and worker traffic passes through recording proxies. Balances must be right everywhere, and neither
/// the transfer amount nor Bob may appear in plaintext in any block, RPC answer or worker answer.
/// </summary>
public sealed partial class ConfidentialWalletTests
{
    private static readonly UInt128 Unit = 1_000_000_000_000;

    [Fact]
    public async Task DepositTransferWithdraw_BalancesRightEverywhere_AndNoPlaintextLeaks()
    {
        using var data = new TempDirectory();
        var port = NodeProcess.FreePort();
        var workerPort = NodeProcess.FreePort();
        await using var dev = await NodeProcess.StartCommandAsync(port, ["dev", "--data", data.Path, "--rpc-port", Text(port), "--worker-port", Text(workerPort), "--block-ms", "200"]);
        await using var nodeProxy = new RecordingProxy(port);
        await using var workerProxy = new RecordingProxy(workerPort + 1);
        var rpc = $"ws://127.0.0.1:{nodeProxy.Port}";
        var worker = $"http://127.0.0.1:{workerProxy.Port}";
        await using var client = await VeilClient.ConnectAsync(dev.Url, default);
        var wallet = await WaitForWalletKeysAsync(client);
        using var alice = KeyDerivation.FromUri("//Alice");
        using var bob = KeyDerivation.FromUri("//Bob");
        var issuanceBefore = UInt128.Parse((await client.Rpc.CallAsync("veil_totalIssuance", [], default)).GetString()!, CultureInfo.InvariantCulture);

        var deposit = await Wallet("deposit", "--from", "//Alice", "--amount", "100", "--rpc", rpc, "--worker", worker);
        Assert.Equal(100 * Unit, deposit.GetProperty("balance").GetUInt64());
        var transfer = await Wallet("transfer", "--from", "//Alice", "--to", "//Bob", "--amount", "30", "--rpc", rpc, "--worker", worker);
        Assert.Equal(70 * Unit, transfer.GetProperty("balance").GetUInt64());
        var transferBlock = transfer.GetProperty("block").GetUInt32();
        var withdraw = await Wallet("withdraw", "--from", "//Bob", "--to", "//Bob", "--amount", "10", "--rpc", rpc, "--worker", worker);
        Assert.Equal(20 * Unit, withdraw.GetProperty("balance").GetUInt64());

        // Both workers of the cluster agree, and each answers only the owner.
        foreach (var port2 in new[] { workerPort + 1, workerPort + 2 })
        {
            var url = $"http://127.0.0.1:{port2}";
            Assert.Equal(70 * Unit, (await Wallet("balance", "--as", "//Alice", "--rpc", dev.Url, "--worker", url)).GetProperty("balance").GetUInt64());
            Assert.Equal(20 * Unit, (await Wallet("balance", "--as", "//Bob", "--rpc", dev.Url, "--worker", url)).GetProperty("balance").GetUInt64());
            Assert.Equal(90 * Unit, (await Wallet("supply", "--as", "//Charlie", "--rpc", dev.Url, "--worker", url)).GetProperty("totalSupply").GetUInt64());
        }

        var (code, _, stderr) = await VeilCli.RunAsync("wallet", "balance", "//Bob", "--as", "//Alice", "--rpc", dev.Url, "--worker", worker);
        Assert.Equal(1, code);
        Assert.Contains("NotAuthorized", stderr, StringComparison.Ordinal);

        // Bob's public balance rose by exactly the 10 VEIL released (his withdrawal's fee was charged in its own block).
        var withdrawBlock = (await client.GetBlockHashAsync(withdraw.GetProperty("block").GetUInt32(), default))!.Value;
        var bobAtWithdraw = await client.GetFreeBalanceAtAsync(bob.PublicKey, withdrawBlock, default);
        Assert.Equal(bobAtWithdraw + (10 * Unit), (await client.GetBalanceAsync(bob.PublicKey, default)).Free);

        // Conservation: the contract's public lock holds exactly the private supply; issuance fell only by fees.
        var locked = (await client.GetBalanceAsync(ContractLock.AccountOf(wallet), default)).Free;
        Assert.Equal(90 * Unit, locked);
        var issuanceAfter = UInt128.Parse((await client.Rpc.CallAsync("veil_totalIssuance", [], default)).GetString()!, CultureInfo.InvariantCulture);
        Assert.True(issuanceAfter < issuanceBefore && issuanceBefore - issuanceAfter < Unit, $"issuance {issuanceBefore} → {issuanceAfter}: only small fees may be burned");

        // Everything an observer can read: every block, its messages and events, all state, the workers'
        // public endpoints, and the bytes the node and the worker sent to the CLI.
        var corpus = await CollectObservableAsync(client, new[] { workerPort + 1, workerPort + 2 });
        corpus.AddWire(nodeProxy.ServerBytes());
        corpus.AddWire(workerProxy.ServerBytes());

        // Positive controls: the scanner does find a public amount (the deposit call's compact 100 VEIL,
        // and the release of 10) and Bob (genesis balances), so the absences below mean something.
        Assert.True(corpus.ContainsBytes(Compact(100 * Unit)), "the deposit amount must be visible in the deposit call");
        Assert.True(corpus.ContainsBytes(bob.PublicKey.ToArray()), "Bob's account must be visible in genesis state");
        Assert.Contains("author_extrinsicUpdate", corpus.Text, StringComparison.Ordinal);
        Assert.Contains("application/octet-stream", Encoding.UTF8.GetString(workerProxy.ServerBytes()), StringComparison.Ordinal);

        // The private transfer's amount appears nowhere, in any encoding.
        AssertAbsent(corpus, 30 * Unit, "the private transfer amount");

        // Balances read by queries never cross the wire in clear.
        var workerWire = new ObservedCorpus();
        workerWire.AddWire(workerProxy.ServerBytes());
        AssertAbsent(workerWire, 70 * Unit, "Alice's private balance");
        AssertAbsent(workerWire, 20 * Unit, "Bob's private balance");

        // Command payloads carry no amount and no account.
        var commands = await CommandPayloadsAsync(client);
        Assert.Equal(2, commands.Count);
        foreach (var payload in commands)
        {
            foreach (var amount in new[] { 100 * Unit, 30 * Unit, 10 * Unit })
            {
                Assert.False(Contains(payload, Le(amount)) || Contains(payload, Compact(amount)), $"a command payload holds {amount} in clear");
            }

            Assert.False(Contains(payload, bob.PublicKey.ToArray()), "a command payload names Bob in clear");
            Assert.False(Contains(payload, alice.PublicKey.ToArray()), "a command payload names Alice in clear");
        }

        // The block of Alice's transfer does not mention Bob at all: not in extrinsics, messages or events.
        var transferCorpus = await CollectBlockAsync(client, transferBlock);
        Assert.False(transferCorpus.ContainsBytes(bob.PublicKey.ToArray()), "Bob's account is visible in the block of Alice's private transfer");
        Assert.DoesNotContain(bob.PublicKey.ToSs58(), transferCorpus.Text, StringComparison.Ordinal);

        Assert.Equal(0, await dev.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(20)));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonElement> Wallet(params string[] args)
    {
        var (code, stdout, stderr) = await VeilCli.RunAsync(["wallet", .. args, "--json"]);
        Assert.True(code == 0, $"veil wallet {string.Join(' ', args)} failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static async Task<Hash256> WaitForWalletKeysAsync(VeilClient client)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            foreach (var contract in (await client.Rpc.CallAsync("veil_contracts", [], default)).EnumerateArray())
            {
                if (contract.GetProperty("kind").GetString() == "Wallet" && contract.GetProperty("ecdhKey").ValueKind == JsonValueKind.String)
                {
                    return Hash256.Parse(contract.GetProperty("id").GetString()!);
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the Wallet's keys were not published");
    }

    private static async Task<ObservedCorpus> CollectObservableAsync(VeilClient client, int[] workerPorts)
    {
        var corpus = new ObservedCorpus();
        var head = await HeadNumberAsync(client);
        for (uint number = 0; number <= head; number++)
        {
            corpus.Add(await CollectBlockAsync(client, number));
        }

        // The whole state at the head, key by key.
        string? start = null;
        while (true)
        {
            var keys = await client.Rpc.CallAsync("state_getKeysPaged", start is null ? ["0x", 1000] : ["0x", 1000, start], default);
            corpus.AddJson(keys.GetRawText());
            if (keys.GetArrayLength() == 0) break;
            foreach (var key in keys.EnumerateArray())
            {
                corpus.AddJson((await client.Rpc.CallAsync("state_getStorage", [key.GetString()], default)).GetRawText());
                start = key.GetString();
            }

            if (keys.GetArrayLength() < 1000) break;
        }

        foreach (var method in new[] { "veil_contracts", "veil_workers", "veil_totalIssuance" })
        {
            corpus.AddJson((await client.Rpc.CallAsync(method, [], default)).GetRawText());
        }

        using var http = new HttpClient();
        foreach (var workerPort in workerPorts)
        {
            corpus.AddJson(await http.GetStringAsync(new Uri($"http://127.0.0.1:{workerPort}/info")));
            corpus.AddJson(await http.GetStringAsync(new Uri($"http://127.0.0.1:{workerPort}/metrics")));
        }

        return corpus;
    }

    private static async Task<ObservedCorpus> CollectBlockAsync(VeilClient client, uint number)
    {
        var corpus = new ObservedCorpus();
        var hash = (await client.GetBlockHashAsync(number, default))!.Value;
        corpus.AddJson((await client.GetBlockAsync(hash, default)).GetRawText());
        corpus.AddJson((await client.Rpc.CallAsync("veil_blockMessages", [hash.ToString()], default)).GetRawText());
        corpus.AddJson((await client.Rpc.CallAsync("state_getStorage", [Hex.Encode(StorageKey.SystemEvents), hash.ToString()], default)).GetRawText());
        corpus.AddJson((await client.GetHeaderAsync(hash, default)).GetRawText());
        return corpus;
    }

    /// <summary>The payload of every MessageQueue.push extrinsic in the chain (the encrypted commands).</summary>
    private static async Task<List<byte[]>> CommandPayloadsAsync(VeilClient client)
    {
        var payloads = new List<byte[]>();
        var head = await HeadNumberAsync(client);
        for (uint number = 1; number <= head; number++)
        {
            var hash = (await client.GetBlockHashAsync(number, default))!.Value;
            var (_, extrinsics) = VeilClient.DecodeBlock(await client.GetBlockAsync(hash, default));
            foreach (var extrinsic in extrinsics)
            {
                var call = extrinsic.Call;
                if (call.Length < 2 || call[0] != ModuleIndex.MessageQueue || call[1] != MessageQueueCall.Push) continue;
                var reader = new ScaleReader(call[2..]);
                reader.ReadBytes(1024);
                payloads.Add(reader.ReadBytes(1 << 20).ToArray());
                Assert.True(reader.TryFinish(out var error), error);
            }
        }

        return payloads;
    }

    private static async Task<uint> HeadNumberAsync(VeilClient client)
    {
        var header = await client.GetHeaderAsync(null, default);
        return uint.Parse(header.GetProperty("number").GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static void AssertAbsent(ObservedCorpus corpus, UInt128 amount, string what)
    {
        Assert.False(corpus.ContainsBytes(Le(amount)[..8]), $"{what} ({amount}) is visible as a little-endian integer");
        Assert.False(corpus.ContainsBytes(Compact(amount)), $"{what} ({amount}) is visible SCALE-compact-encoded");
        Assert.False(DecimalPattern(amount).IsMatch(corpus.Text), $"{what} ({amount}) is visible as a decimal number");
    }

    private static Regex DecimalPattern(UInt128 amount)
        => new($"(?<![0-9]){amount.ToString(CultureInfo.InvariantCulture)}(?![0-9])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));

    private static byte[] Le(UInt128 amount)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, amount);
        return bytes;
    }

    private static byte[] Compact(UInt128 amount)
    {
        var writer = new ScaleWriter(17);
        try
        {
            writer.WriteCompact(amount);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>What an observer saw: JSON texts, the bytes of every hex string in them, and raw wire bytes.</summary>
    private sealed partial class ObservedCorpus
    {
        private readonly StringBuilder _text = new();
        private readonly List<byte[]> _bytes = [];

        public string Text => _text.ToString();

        public void AddJson(string json)
        {
            _text.AppendLine(json);
            foreach (Match match in HexString().Matches(json))
            {
                var hex = match.Value;
                if (hex.Length % 2 == 0) _bytes.Add(Hex.Decode(hex));
            }
        }

        public void AddWire(byte[] bytes)
        {
            _bytes.Add(bytes);
            AddJson(Encoding.UTF8.GetString(bytes));
        }

        public void Add(ObservedCorpus other)
        {
            _text.Append(other._text);
            _bytes.AddRange(other._bytes);
        }

        public bool ContainsBytes(byte[] needle)
        {
            foreach (var bytes in _bytes)
            {
                if (bytes.AsSpan().IndexOf(needle) >= 0) return true;
            }

            return false;
        }

        [GeneratedRegex("0x[0-9a-fA-F]+", RegexOptions.CultureInvariant)]
        private static partial Regex HexString();
    }
}
