using System.CommandLine;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;
using Veil.Sdk;

namespace Veil.Cli.Commands;

/// <summary><c>veil workers</c> and <c>veil contracts</c>: the attested workers and deployed confidential contracts.</summary>
public static class RegistryCommands
{
    public static Command Workers() => List("workers", "List registered (attested) workers and gatekeepers", "veil_workers", w =>
        $"{w.GetProperty("role").GetString(),-10} {w.GetProperty("identityKey").GetString()}  operator {w.GetProperty("operator").GetString()}  since #{w.GetProperty("registeredAt").GetUInt32()}");

    public static Command Contracts()
    {
        var command = List("contracts", "List deployed confidential contracts", "veil_contracts", c =>
            $"{c.GetProperty("kind").GetString(),-10} {c.GetProperty("id").GetString()}  {c.GetProperty("cluster").GetArrayLength()} worker(s)  keys {(c.GetProperty("ecdhKey").ValueKind == System.Text.Json.JsonValueKind.Null ? "pending" : "published")}");
        command.Subcommands.Add(Deploy());
        command.Subcommands.Add(AddWorker());
        return command;
    }

    private static Command Deploy()
    {
        var kind = new Option<string>("--kind") { Description = "Built-in contract kind, e.g. Wallet", Required = true };
        var cluster = new Option<string[]>("--cluster") { Description = "Identity key of a registered worker to run it (repeatable)", Required = true };
        var from = new Option<string>("--from") { Description = "Deployer's secret URI", Required = true };
        var rpc = CliOptions.Rpc();
        var command = new Command("deploy", "Deploy a built-in confidential contract to a cluster of registered workers; prints its id") { kind, cluster, from, rpc };
        command.SetAction(async (r, ct) =>
        {
            var members = new List<Hash256>();
            foreach (var text in r.GetValue(cluster)!)
            {
                members.Add(Hash256.TryParse(text, out var key) ? key : throw new CliError($"--cluster: '{text}' is not a 0x-prefixed 32-byte identity key"));
            }

            if (!KeyDerivation.TryFromUri(r.GetValue(from)!, out var signer, out var keyError))
            {
                throw new CliError($"--from: {keyError}");
            }

            using (signer)
            {
                await using var client = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
                Console.WriteLine(await DeployBuiltinAsync(client, signer, r.GetValue(kind)!, members, ct));
            }

            return 0;
        });
        return command;
    }

    private static Command AddWorker()
    {
        var contract = new Option<string>("--contract") { Description = "Id of the contract (0x-prefixed)", Required = true };
        var worker = new Option<string>("--worker") { Description = "Identity key of the registered worker to add", Required = true };
        var from = new Option<string>("--from") { Description = "Deployer's secret URI", Required = true };
        var rpc = CliOptions.Rpc();
        var command = new Command("add-worker", "Add a registered worker to a contract's cluster; it receives the keys and the state at its join") { contract, worker, from, rpc };
        command.SetAction(async (r, ct) =>
        {
            var id = Hash256.TryParse(r.GetValue(contract)!, out var parsedId) ? parsedId : throw new CliError($"--contract: '{r.GetValue(contract)}' is not a 0x-prefixed 32-byte contract id");
            var member = Hash256.TryParse(r.GetValue(worker)!, out var key) ? key : throw new CliError($"--worker: '{r.GetValue(worker)}' is not a 0x-prefixed 32-byte identity key");
            if (!KeyDerivation.TryFromUri(r.GetValue(from)!, out var signer, out var keyError))
            {
                throw new CliError($"--from: {keyError}");
            }

            using (signer)
            {
                await using var client = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
                var context = await client.GetSigningContextAsync(ct);
                var nonce = await client.GetNextNonceAsync(signer.PublicKey, ct);
                var extrinsic = ExtrinsicCodec.EncodeSigned(signer.PublicKey, ContractsCall.CreateAddWorker(id, member), Era.Immortal, nonce, 0, context, context.GenesisHash, signer.Sign);
                await client.SubmitAndWaitFinalizedAsync(extrinsic, null, ct);
                var outcome = await client.Rpc.CallAsync("veil_transactionStatus", [Blake2b.Hash256(extrinsic).ToString()], ct);
                if (outcome.TryGetProperty("success", out var success) && !success.GetBoolean())
                {
                    throw new CliError($"adding the worker failed: {outcome.GetProperty("error").GetString()} (the fee was charged)");
                }

                Console.WriteLine($"worker {member} joined contract {id}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Submits Contracts.deploy_builtin, waits for finality, and returns the new contract's id (the one not listed before).</summary>
    public static async Task<Hash256> DeployBuiltinAsync(VeilClient client, Ed25519KeyPair signer, string kind, IReadOnlyList<Hash256> cluster, CancellationToken ct)
    {
        var before = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in (await client.Rpc.CallAsync("veil_contracts", [], ct)).EnumerateArray()) before.Add(contract.GetProperty("id").GetString()!);
        var context = await client.GetSigningContextAsync(ct);
        var nonce = await client.GetNextNonceAsync(signer.PublicKey, ct);
        var extrinsic = ExtrinsicCodec.EncodeSigned(signer.PublicKey, ContractsCall.CreateDeployBuiltin(kind, cluster), Era.Immortal, nonce, 0, context, context.GenesisHash, signer.Sign);
        await client.SubmitAndWaitFinalizedAsync(extrinsic, null, ct);
        var outcome = await client.Rpc.CallAsync("veil_transactionStatus", [Blake2b.Hash256(extrinsic).ToString()], ct);
        if (outcome.TryGetProperty("success", out var success) && !success.GetBoolean())
        {
            throw new CliError($"the deployment failed: {outcome.GetProperty("error").GetString()} (the fee was charged)");
        }

        foreach (var contract in (await client.Rpc.CallAsync("veil_contracts", [], ct)).EnumerateArray())
        {
            var id = contract.GetProperty("id").GetString()!;
            if (contract.GetProperty("kind").GetString() == kind && !before.Contains(id)) return Hash256.Parse(id);
        }

        throw new CliError($"the {kind} deployment was finalized but no new contract is listed");
    }

    private static Command List(string name, string description, string method, Func<System.Text.Json.JsonElement, string> line)
    {
        var rpc = CliOptions.Rpc();
        var json = CliOptions.Json();
        var command = new Command(name, description) { rpc, json };
        command.SetAction(async (r, ct) =>
        {
            await using var client = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
            var result = await client.Rpc.CallAsync(method, [], ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(result.GetRawText());
                return 0;
            }

            if (result.GetArrayLength() == 0)
            {
                Console.WriteLine($"no {name} yet");
            }

            foreach (var item in result.EnumerateArray()) Console.WriteLine(line(item));
            return 0;
        });
        return command;
    }
}
