using System.Text.Json;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.EndToEnd.Tests.Infrastructure;
using Veil.Protocol.Storage;
using Veil.Sdk;
using Veil.Sdk.Confidential;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// Workers as separate processes, as operators run them. One worker is killed with SIGKILL in the middle
/// of a stream of private transfers and restarted: it must reach the same contract state as the worker
/// that never stopped, with every transfer applied exactly once. Then it is killed again and its sealed
/// checkpoint tampered with: the enclave refuses the file, replays from genesis, and still agrees. And a
/// worker added to the cluster later (`veil contracts add-worker`) catches up to the same state.
/// </summary>
public sealed class WorkerCrashTests
{
    private static readonly UInt128 Unit = 1_000_000_000_000;
    private static readonly string[] Recipients = ["//Bob", "//Charlie", "//Dave", "//Eve"];

    [Fact]
    public async Task KilledWorker_RestartsFromItsCheckpoint_AndAgreesWithItsPeer_ThenRefusesATamperedCheckpoint()
    {
        await using var network = await ProcessNetwork.StartAsync("worker-1", "worker-2");
        await network.StartWorkerAsync("worker-1");
        await network.StartWorkerAsync("worker-2");
        var contractId = await DeployAsync(network, "worker-1", "worker-2");

        await using var chain = await VeilClient.ConnectAsync(network.Node.Url, default);
        using var http = new HttpClient();
        using var wallet1 = await OpenWhenKeysPublishedAsync(chain, http, network.WorkerUri("worker-1"), contractId);
        using var wallet2 = await WalletClient.OpenAsync(chain, http, network.WorkerUri("worker-2"), contractId, default);
        using var alice = KeyDerivation.FromUri("//Alice");
        var context = await chain.GetSigningContextAsync(default);
        await chain.SubmitAndWaitFinalizedAsync(wallet1.SignDeposit(alice, 1_000 * Unit, await chain.GetNextNonceAsync(alice.PublicKey, default), context), null, default);

        // 300 private transfers, submitted in bursts; worker-2 dies after the first hundred and comes back after the second.
        var expected = Recipients.ToDictionary(uri => uri, _ => UInt128.Zero);
        var nonce = await chain.GetNextNonceAsync(alice.PublicKey, default);
        for (var i = 0; i < 300; i++)
        {
            var to = Recipients[i % Recipients.Length];
            var amount = (UInt128)(i + 1) * 1_000_000;
            using (var recipient = KeyDerivation.FromUri(to))
            {
                await chain.SubmitAsync(wallet1.SignTransfer(alice, recipient.PublicKey, amount, nonce++, context), default);
            }

            expected[to] += amount;
            if (i % 20 == 19) await Task.Delay(60);
            if (i == 100) await network.KillWorkerAsync("worker-2");
            if (i == 200) await network.StartWorkerAsync("worker-2");
        }

        Assert.Contains("restored checkpoint at block", network.WorkerOutput("worker-2"), StringComparison.Ordinal);
        await WaitForNonceAsync(chain, alice.PublicKey, nonce);
        await AssertWorkersAgreeAsync(chain, contractId, network, [wallet1, wallet2], alice, expected);

        // Kill again, tamper with the sealed checkpoint, restart: refused, replayed from genesis, same state.
        await network.KillWorkerAsync("worker-2");
        var checkpoint = Path.Combine(network.DataDirectory("worker-2"), "checkpoint.sealed");
        var bytes = await File.ReadAllBytesAsync(checkpoint);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(checkpoint, bytes);
        await network.StartWorkerAsync("worker-2");
        Assert.Contains("ignoring refused checkpoint", network.WorkerOutput("worker-2"), StringComparison.Ordinal);
        using (var bob = KeyDerivation.FromUri("//Bob"))
        {
            await chain.SubmitAndWaitFinalizedAsync(wallet1.SignTransfer(alice, bob.PublicKey, 7 * Unit, nonce++, context), null, default);
        }

        expected["//Bob"] += 7 * Unit;
        await AssertWorkersAgreeAsync(chain, contractId, network, [wallet1, wallet2], alice, expected);
    }

    [Fact]
    public async Task WorkerAddedToTheClusterLater_CatchesUpFromTheSnapshot_AndKeepsStep()
    {
        await using var network = await ProcessNetwork.StartAsync("worker-1", "worker-3");
        await network.StartWorkerAsync("worker-1");
        var contractId = await DeployAsync(network, "worker-1");

        await using var chain = await VeilClient.ConnectAsync(network.Node.Url, default);
        using var http = new HttpClient();
        using var wallet1 = await OpenWhenKeysPublishedAsync(chain, http, network.WorkerUri("worker-1"), contractId);
        using var alice = KeyDerivation.FromUri("//Alice");
        var context = await chain.GetSigningContextAsync(default);
        await chain.SubmitAndWaitFinalizedAsync(wallet1.SignDeposit(alice, 100 * Unit, await chain.GetNextNonceAsync(alice.PublicKey, default), context), null, default);
        var expected = Recipients.ToDictionary(uri => uri, _ => UInt128.Zero);
        var nonce = await chain.GetNextNonceAsync(alice.PublicKey, default);
        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var to = Recipients[i % Recipients.Length];
                using var recipient = KeyDerivation.FromUri(to);
                await chain.SubmitAsync(wallet1.SignTransfer(alice, recipient.PublicKey, Unit, nonce++, context), default);
                expected[to] += Unit;
            }
        }

        await SendAsync(20);
        await WaitForNonceAsync(chain, alice.PublicKey, nonce);

        // An operator starts a third worker and the deployer adds it; commands keep flowing meanwhile.
        await network.StartWorkerAsync("worker-3");
        var (code, _, stderr) = await VeilCli.RunAsync("contracts", "add-worker", "--contract", contractId.ToString(), "--worker", network.Identities["worker-3"], "--from", "//Alice", "--rpc", network.Node.Url);
        Assert.True(code == 0, stderr);
        nonce = await chain.GetNextNonceAsync(alice.PublicKey, default);
        await SendAsync(20);
        await WaitForNonceAsync(chain, alice.PublicKey, nonce);

        using var wallet3 = await WalletClient.OpenAsync(chain, http, network.WorkerUri("worker-3"), contractId, default);
        await AssertWorkersAgreeAsync(chain, contractId, network, [wallet1, wallet3], alice, expected, 100 * Unit, "worker-1", "worker-3");
    }

    private static async Task<Hash256> DeployAsync(ProcessNetwork network, params string[] cluster)
    {
        string[] members = [.. cluster.SelectMany(name => new[] { "--cluster", network.Identities[name] })];
        var (code, stdout, stderr) = await VeilCli.RunAsync(["contracts", "deploy", "--kind", "Wallet", .. members, "--from", "//Alice", "--rpc", network.Node.Url]);
        Assert.True(code == 0, stderr);
        return Hash256.Parse(stdout.Trim());
    }

    private static async Task<WalletClient> OpenWhenKeysPublishedAsync(VeilClient chain, HttpClient http, Uri worker, Hash256 contractId)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await WalletClient.OpenAsync(chain, http, worker, contractId, default);
            }
            catch (InvalidOperationException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task WaitForNonceAsync(VeilClient chain, AccountId account, uint nonce)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await chain.GetBalanceAsync(account, default)).Nonce >= nonce) return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"the chain did not include {account}'s transactions up to nonce {nonce}");
    }

    /// <summary>Every worker answers every balance exactly as expected, and all report the same state commitment for the same block.</summary>
    private static async Task AssertWorkersAgreeAsync(VeilClient chain, Hash256 contractId, ProcessNetwork network, WalletClient[] wallets, Ed25519KeyPair alice, Dictionary<string, UInt128> expected, UInt128? deposited = null, params string[] workers)
    {
        workers = workers.Length > 0 ? workers : ["worker-1", "worker-2"];
        var head = await wallets[0].Contract.GetFinalizedNumberAsync(default);
        foreach (var wallet in wallets) await WaitForAnswerAsync(wallet, head);
        var sent = UInt128.Zero;
        foreach (var (uri, amount) in expected)
        {
            using var owner = KeyDerivation.FromUri(uri);
            foreach (var wallet in wallets) Assert.Equal(amount, await wallet.GetBalanceAsync(owner, owner.PublicKey, default));
            sent += amount;
        }

        var total = deposited ?? 1_000 * Unit;
        foreach (var wallet in wallets) Assert.Equal(total - sent, await wallet.GetBalanceAsync(alice, alice.PublicKey, default));

        // The state reports are relayed a block or two after execution.
        string?[] reports = [];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            reports = await Task.WhenAll(workers.Select(name => ReportAsync(chain, contractId, network.Identities[name])));
            if (reports[0] is not null && reports.All(report => report == reports[0])) break;
            await Task.Delay(100);
        }

        Assert.NotNull(reports[0]);
        Assert.All(reports, report => Assert.Equal(reports[0], report));
    }

    /// <summary>Waits until the worker's enclave passed <paramref name="block"/> and answers queries (a joining worker first needs its snapshot).</summary>
    private static async Task WaitForAnswerAsync(WalletClient wallet, uint block)
    {
        await wallet.Contract.WaitForWorkerAsync(block, TimeSpan.FromSeconds(60), default);
        using var probe = KeyDerivation.FromUri("//Ferdie");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await wallet.GetTotalSupplyAsync(probe, default);
                return;
            }
            catch (QueryRefusedException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<string?> ReportAsync(VeilClient chain, Hash256 contractId, string worker)
    {
        var stored = await chain.Rpc.CallAsync("state_getStorage", [Hex.Encode(StorageKey.ContractStateReport(contractId, Hash256.Parse(worker)))], default);
        return stored.ValueKind == JsonValueKind.String ? stored.GetString() : null;
    }
}
