using System.Globalization;
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
/// A network of separate processes — node, gatekeeper, two workers — built with the CLI as an operator
/// would. One worker is killed with SIGKILL in the middle of a stream of private transfers and restarted:
/// it must reach the same contract state hash as the worker that never stopped, with every transfer
/// applied exactly once. Then it is killed again and its sealed checkpoint tampered with: the enclave
/// refuses the file, replays from genesis, and still agrees.
/// </summary>
public sealed class WorkerCrashTests
{
    private static readonly UInt128 Unit = 1_000_000_000_000;
    private static readonly string[] Recipients = ["//Bob", "//Charlie", "//Dave", "//Eve"];

    [Fact]
    public async Task KilledWorker_RestartsFromItsCheckpoint_AndAgreesWithItsPeer_ThenRefusesATamperedCheckpoint()
    {
        using var data = new TempDirectory();
        string Dir(string name) => Path.Combine(data.Path, name);
        var identities = new Dictionary<string, string>();
        foreach (var name in new[] { "gatekeeper", "worker-1", "worker-2" })
        {
            var (code, stdout, stderr) = await VeilCli.RunAsync("worker", "--data", Dir(name), "--print-identity");
            Assert.True(code == 0, stderr);
            identities[name] = stdout.Trim();
        }

        var port = NodeProcess.FreePort();
        await using var node = await NodeProcess.StartCommandAsync(port, ["node", "--chain", "dev", "--data", Dir("node"), "--rpc-port", Text(port), "--block-ms", "100", "--gatekeeper", identities["gatekeeper"]]);
        var ports = new Dictionary<string, int> { ["gatekeeper"] = NodeProcess.FreePort(), ["worker-1"] = NodeProcess.FreePort(), ["worker-2"] = NodeProcess.FreePort() };
        var operators = new Dictionary<string, string> { ["gatekeeper"] = "//Dave", ["worker-1"] = "//Eve", ["worker-2"] = "//Ferdie" };
        Task<NodeProcess> StartWorker(string name) => NodeProcess.StartCommandAsync(ports[name], [
            "worker", "--data", Dir(name), "--rpc", node.Url, "--operator", operators[name], "--http-port", Text(ports[name]),
            .. name == "gatekeeper" ? new[] { "--gatekeeper" } : []], name == "gatekeeper" ? "Veil gatekeeper ready" : "Veil worker ready");
        await using var gatekeeper = await StartWorker("gatekeeper");
        await using var worker1 = await StartWorker("worker-1");
        var worker2 = await StartWorker("worker-2");
        try
        {
            var (deployCode, deployOut, deployErr) = await VeilCli.RunAsync("contracts", "deploy", "--kind", "Wallet", "--cluster", identities["worker-1"], "--cluster", identities["worker-2"], "--from", "//Alice", "--rpc", node.Url);
            Assert.True(deployCode == 0, deployErr);
            var contractId = Hash256.Parse(deployOut.Trim());

            await using var chain = await VeilClient.ConnectAsync(node.Url, default);
            using var http = new HttpClient();
            using var wallet1 = await OpenWhenKeysPublishedAsync(chain, http, ports["worker-1"], contractId);
            using var wallet2 = await WalletClient.OpenAsync(chain, http, WorkerUri(ports["worker-2"]), contractId, default);
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
                if (i == 100)
                {
                    await worker2.KillHardAsync();
                }

                if (i == 200)
                {
                    await worker2.DisposeAsync();
                    worker2 = await StartWorker("worker-2");
                }
            }

            Assert.Contains("restored checkpoint at block", worker2.Output, StringComparison.Ordinal);
            await WaitForNonceAsync(chain, alice.PublicKey, nonce);
            await AssertWorkersAgreeAsync(chain, contractId, identities, wallet1, wallet2, alice, expected);

            // Kill again, tamper with the sealed checkpoint, restart: refused, replayed from genesis, same state.
            await worker2.KillHardAsync();
            var checkpoint = Path.Combine(Dir("worker-2"), "checkpoint.sealed");
            var bytes = await File.ReadAllBytesAsync(checkpoint);
            bytes[bytes.Length / 2] ^= 0x40;
            await File.WriteAllBytesAsync(checkpoint, bytes);
            await worker2.DisposeAsync();
            worker2 = await StartWorker("worker-2");
            Assert.Contains("ignoring refused checkpoint", worker2.Output, StringComparison.Ordinal);
            using (var bob = KeyDerivation.FromUri("//Bob"))
            {
                await chain.SubmitAndWaitFinalizedAsync(wallet1.SignTransfer(alice, bob.PublicKey, 7 * Unit, nonce++, context), null, default);
            }

            expected["//Bob"] += 7 * Unit;
            await AssertWorkersAgreeAsync(chain, contractId, identities, wallet1, wallet2, alice, expected);
        }
        finally
        {
            await worker2.DisposeAsync();
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Uri WorkerUri(int port) => new($"http://127.0.0.1:{port}");

    private static async Task<WalletClient> OpenWhenKeysPublishedAsync(VeilClient chain, HttpClient http, int port, Hash256 contractId)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await WalletClient.OpenAsync(chain, http, WorkerUri(port), contractId, default);
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

    /// <summary>Both workers answer every balance exactly as expected, and both report the same state hash for the same block.</summary>
    private static async Task AssertWorkersAgreeAsync(VeilClient chain, Hash256 contractId, Dictionary<string, string> identities, WalletClient wallet1, WalletClient wallet2, Ed25519KeyPair alice, Dictionary<string, UInt128> expected)
    {
        var head = await wallet1.Contract.GetFinalizedNumberAsync(default);
        await wallet1.Contract.WaitForWorkerAsync(head, TimeSpan.FromSeconds(60), default);
        await wallet2.Contract.WaitForWorkerAsync(head, TimeSpan.FromSeconds(60), default);
        var sent = UInt128.Zero;
        foreach (var (uri, amount) in expected)
        {
            using var owner = KeyDerivation.FromUri(uri);
            Assert.Equal(amount, await wallet1.GetBalanceAsync(owner, owner.PublicKey, default));
            Assert.Equal(amount, await wallet2.GetBalanceAsync(owner, owner.PublicKey, default));
            sent += amount;
        }

        Assert.Equal((1_000 * Unit) - sent, await wallet1.GetBalanceAsync(alice, alice.PublicKey, default));
        Assert.Equal((1_000 * Unit) - sent, await wallet2.GetBalanceAsync(alice, alice.PublicKey, default));

        // The state reports are relayed a block or two after execution.
        string? report1 = null, report2 = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            report1 = await ReportAsync(chain, contractId, identities["worker-1"]);
            report2 = await ReportAsync(chain, contractId, identities["worker-2"]);
            if (report1 is not null && report1 == report2) break;
            await Task.Delay(100);
        }

        Assert.NotNull(report1);
        Assert.Equal(report1, report2);
    }

    private static async Task<string?> ReportAsync(VeilClient chain, Hash256 contractId, string worker)
    {
        var stored = await chain.Rpc.CallAsync("state_getStorage", [Hex.Encode(StorageKey.ContractStateReport(contractId, Hash256.Parse(worker)))], default);
        return stored.ValueKind == JsonValueKind.String ? stored.GetString() : null;
    }
}
