using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Calls;
using Veil.Protocol.Contracts;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;
using Veil.Sdk;
using Veil.Sdk.Confidential;
using Veil.Sdk.Contracts;
using Veil.Wasm;

namespace Veil.Cli.Commands;

/// <summary>
/// <c>veil contract build|deploy|call|query</c>: WebAssembly contracts with the ink! ABI. Constructors and
/// messages are named as in the contract's metadata (cargo-contract's or the AssemblyScript SDK's) and
/// their arguments given as JSON, SCALE-encoded from the metadata's type registry. Calls are sealed to the
/// contract's key and pushed through the chain; queries are signed, encrypted and sent to a worker, and
/// their answers decoded by the message's return type.
/// </summary>
public static class ContractCommands
{
    private static readonly TimeSpan WorkerWait = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var contract = new Command("contract", "WebAssembly contracts (ink! ABI): build, deploy, call, query");
        contract.Subcommands.Add(Build());
        contract.Subcommands.Add(Deploy());
        contract.Subcommands.Add(Call());
        contract.Subcommands.Add(Query());
        return contract;
    }

    private static Option<string> Worker() => new("--worker")
    {
        Description = "A worker of the contract's cluster (waited for after calls, asked by queries)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VEIL_WORKER") ?? "http://127.0.0.1:8001",
    };

    private static Option<string> Metadata(bool required) => new("--metadata") { Description = "The contract's metadata: name.json or the name.contract bundle", Required = required };

    private static Option<string> Args() => new("--args") { Description = "Arguments as a JSON array, e.g. '[\"//Bob\", 10]'", DefaultValueFactory = _ => "[]" };

    private static Option<string> ContractId() => new("--contract") { Description = "Id of the contract (0x-prefixed)", Required = true };

    private static Command Build()
    {
        var source = new Argument<string>("source") { Description = "An AssemblyScript contract: a directory with index.ts, or a .ts file" };
        var output = new Option<string?>("--out") { Description = "Output directory (default: the SDK's build/)" };
        var sdk = new Option<string?>("--sdk") { Description = "The AssemblyScript SDK directory (default: sdk/assemblyscript above the current directory)" };
        var command = new Command("build", "Compile an AssemblyScript contract to name.wasm, name.json and name.contract (needs node and the SDK's npm packages)") { source, output, sdk };
        command.SetAction(async (r, ct) =>
        {
            var sdkDir = r.GetValue(sdk) ?? FindSdk() ?? throw new CliError("--sdk: no sdk/assemblyscript found above the current directory");
            var tool = Path.Combine(sdkDir, "tools", "build.js");
            if (!File.Exists(tool)) throw new CliError($"--sdk: {tool} does not exist");
            var start = new ProcessStartInfo("node") { UseShellExecute = false };
            start.ArgumentList.Add(tool);
            start.ArgumentList.Add(Path.GetFullPath(r.GetValue(source)!));
            if (r.GetValue(output) is { } outDir)
            {
                start.ArgumentList.Add("--out");
                start.ArgumentList.Add(Path.GetFullPath(outDir));
            }

            start.ArgumentList.Add("--force");
            using var process = Process.Start(start) ?? throw new CliError("could not start node");
            await process.WaitForExitAsync(ct);
            return process.ExitCode;
        });
        return command;
    }

    private static Command Deploy()
    {
        var code = new Option<string>("--code") { Description = "The code: name.wasm, or the name.contract bundle (which also serves as metadata)", Required = true };
        var metadata = Metadata(required: false);
        var constructor = new Option<string>("--constructor") { Description = "Constructor label from the metadata", DefaultValueFactory = _ => "new" };
        var args = Args();
        var cluster = new Option<string[]>("--cluster") { Description = "Identity key of a registered worker to run the contract (repeat; default: every registered worker)", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string>("--from") { Description = "Deployer's secret URI (pays the fees; the constructor runs as this account)", Required = true };
        var (rpc, json) = (CliOptions.Rpc(), CliOptions.Json());
        var command = new Command("deploy", "Upload the code (if the chain does not have it yet) and instantiate it on a cluster; the constructor input is public")
        {
            code, metadata, constructor, args, cluster, from, rpc, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var codePath = r.GetValue(code)!;
            var meta = LoadMetadata(r.GetValue(metadata) ?? (codePath.EndsWith(".contract", StringComparison.OrdinalIgnoreCase) ? codePath : null));
            var bytes = LoadCode(codePath);
            if (WasmCodeCheck.Check(bytes) is { } refused) throw new CliError($"--code: {refused}");
            var input = Encode(meta, meta.Constructor, r.GetValue(constructor)!, r.GetValue(args)!);
            using var signer = Signer(r.GetValue(from)!, "--from");
            await using var chain = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
            var members = await ClusterAsync(chain, r.GetValue(cluster) ?? [], ct);
            var hash = Blake2b.Hash256(bytes);
            var quiet = r.GetValue(json);
            var stored = await chain.Rpc.CallAsync("state_getStorage", [Hex.Encode(StorageKey.ContractCode(hash))], ct);
            if (stored.ValueKind != JsonValueKind.String)
            {
                await SubmitAsync(chain, signer, ContractsCall.CreateUploadCode(bytes), "code upload", quiet, ct);
                if (!quiet) Console.Error.WriteLine($"uploaded code {hash} ({bytes.Length} bytes)");
            }

            var before = await ListAsync(chain, ct);
            var number = await SubmitAsync(chain, signer, ContractsCall.CreateInstantiate(hash, members, input), "instantiation", quiet, ct);
            var id = (await ListAsync(chain, ct)).Except(before).FirstOrDefault(x => x.Kind == ContractInfo.WasmKind(hash)).Id;
            if (id.IsZero) throw new CliError("the instantiation was finalized but no new contract is listed");
            await WaitForKeysAsync(chain, id, ct);
            if (quiet)
            {
                Console.WriteLine($"{{\"contract\":\"{id}\",\"codeHash\":\"{hash}\",\"block\":{number}}}");
            }
            else
            {
                Console.WriteLine($"Deployed {meta.Name} as contract {id}");
                Console.WriteLine($"  code {hash}, instantiated in block #{number} on {members.Count} worker(s)");
            }

            return 0;
        });
        return command;
    }

    private static Command Call()
    {
        var (contract, metadata, args, worker, rpc, json) = (ContractId(), Metadata(required: true), Args(), Worker(), CliOptions.Rpc(), CliOptions.Json());
        var message = new Option<string>("--message") { Description = "Message label from the metadata", Required = true };
        var from = new Option<string>("--from") { Description = "Caller's secret URI (the contract sees it as the caller)", Required = true };
        var command = new Command("call", "Run a message as a confidential command: sealed to the contract, ordered by the chain, executed by its workers")
        {
            contract, metadata, message, args, from, worker, rpc, json,
        };
        command.SetAction((r, ct) =>
        {
            var meta = LoadMetadata(r.GetValue(metadata));
            var input = Encode(meta, meta.Message, r.GetValue(message)!, r.GetValue(args)!);
            return RunAsync(r, contract, worker, rpc, r.GetValue(from)!, "--from", async (client, chain, signer) =>
            {
                var context = await chain.GetSigningContextAsync(ct);
                var nonce = await chain.GetNextNonceAsync(signer.PublicKey, ct);
                var extrinsic = client.SignCommand(signer, input, nonce, context);
                var number = await SubmitSignedAsync(chain, extrinsic, "call", r.GetValue(json), ct);

                // Outcome and events are private: the sender reads them from its receipt (POST /receipt).
                QueryResult receipt;
                try
                {
                    receipt = await client.GetReceiptAsync(signer, extrinsic, number, ct);
                }
                catch (QueryRefusedException ex)
                {
                    throw new CliError(ex.Message);
                }

                if (receipt.Error is { } failed)
                {
                    throw new CliError(Describe(meta, r.GetValue(message)!, failed.Message, $"failed in block #{number}") + " (the fee was charged; the contract's state is unchanged)");
                }

                var events = WasmReceipt.TryDecode(receipt.Answer, out var wasmReceipt, out _) ? wasmReceipt.Events.Count : 0;
                if (r.GetValue(json))
                {
                    Console.WriteLine($"{{\"block\":{number},\"success\":true,\"events\":{events}}}");
                }
                else
                {
                    Console.WriteLine($"Called {r.GetValue(message)} on {client.Contract.Id}");
                    Console.WriteLine($"  executed in block #{number}: success, {events} private event(s) in your receipt");
                }
            }, ct);
        });
        return command;
    }

    private static Command Query()
    {
        var (contract, metadata, args, worker, rpc, json) = (ContractId(), Metadata(required: true), Args(), Worker(), CliOptions.Rpc(), CliOptions.Json());
        var message = new Option<string>("--message") { Description = "Message label from the metadata", Required = true };
        var asker = new Option<string>("--as") { Description = "Secret URI that signs the query (the contract sees it as the caller)", Required = true };
        var command = new Command("query", "Run a message read-only with a signed, encrypted query to a worker; prints the decoded answer")
        {
            contract, metadata, message, args, asker, worker, rpc, json,
        };
        command.SetAction((r, ct) =>
        {
            var meta = LoadMetadata(r.GetValue(metadata));
            var label = r.GetValue(message)!;
            var input = Encode(meta, meta.Message, label, r.GetValue(args)!);
            var returnType = meta.Message(label).ReturnType;
            return RunAsync(r, contract, worker, rpc, r.GetValue(asker)!, "--as", async (client, chain, signer) =>
            {
                var (result, block) = await client.QueryAsync(signer, input, ct);
                if (!result.IsSuccess)
                {
                    throw new CliError(Describe(meta, label, result.Error!.Value.Message, "failed"));
                }

                JsonNode? answer = null;
                if (returnType is { } id && !meta.TryDecode(id, result.Answer, out answer, out var error))
                {
                    throw new CliError($"the answer ({Hex.Encode(result.Answer)}) does not decode as the metadata's return type: {error}");
                }

                var value = Unwrap(answer);
                Console.WriteLine(r.GetValue(json) ? $"{{\"block\":{block},\"result\":{Show(value)}}}" : Show(value));
            }, ct);
        });
        return command;
    }

    /// <summary>
    /// A failed message in the user's terms: revert data decoded by the message's return type (e.g.
    /// <c>{"Err":"InsufficientBalance"}</c>) when it decodes, the raw reason (trap, out of gas …) otherwise.
    /// </summary>
    private static string Describe(ContractMetadata meta, string label, string reason, string what)
    {
        const string reverted = "reverted: ";
        if (meta.Message(label).ReturnType is { } type && reason.StartsWith(reverted, StringComparison.Ordinal)
            && Hex.TryDecode(reason[reverted.Length..], out var data, out _) && meta.TryDecode(type, data, out var decoded, out _))
        {
            var shown = decoded is JsonObject { Count: 1 } outer && outer.TryGetPropertyValue("Ok", out var inner) ? inner : decoded;
            return $"{label} {what}: the contract refused it with {Show(shown)}";
        }

        return $"{label} {what}: {reason}";
    }

    /// <summary>ink! wraps every answer in <c>Result&lt;T, LangError&gt;</c>; show T, or the LangError as a failure.</summary>
    private static JsonNode? Unwrap(JsonNode? value)
    {
        if (value is JsonObject obj && obj.Count == 1)
        {
            if (obj.TryGetPropertyValue("Ok", out var ok)) return ok?.DeepClone();
            if (obj.TryGetPropertyValue("Err", out var err)) throw new CliError($"the contract could not run the message: {Show(err)}");
        }

        return value;
    }

    private static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString();

    private static ContractMetadata LoadMetadata(string? path)
    {
        if (path is null) throw new CliError("--metadata: required unless --code is a .contract bundle");
        try
        {
            return ContractMetadata.Parse(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            throw new CliError($"--metadata {path}: {ex.Message}");
        }
    }

    private static byte[] LoadCode(string path)
    {
        if (!path.EndsWith(".contract", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(path);
        var bundle = LoadMetadata(path);
        return bundle.Code ?? throw new CliError($"--code {path}: the bundle has no source.wasm");
    }

    private static byte[] Encode(ContractMetadata meta, Func<string, ContractMessage> find, string label, string argsJson)
    {
        try
        {
            using var args = JsonDocument.Parse(argsJson);
            return meta.EncodeCall(find(label), args.RootElement);
        }
        catch (JsonException ex)
        {
            throw new CliError($"--args: not JSON: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw new CliError(ex.Message.Replace(" (Parameter 'args')", string.Empty, StringComparison.Ordinal).Replace(" (Parameter 'label')", string.Empty, StringComparison.Ordinal));
        }
    }

    private static Ed25519KeyPair Signer(string uri, string option)
        => KeyDerivation.TryFromUri(uri, out var signer, out var error) ? signer : throw new CliError($"{option}: {error}");

    private static async Task<List<Hash256>> ClusterAsync(VeilClient chain, string[] given, CancellationToken ct)
    {
        var members = new List<Hash256>();
        foreach (var text in given)
        {
            members.Add(Hash256.TryParse(text, out var key) ? key : throw new CliError($"--cluster: '{text}' is not a 0x-prefixed 32-byte identity key"));
        }

        if (members.Count > 0) return members;
        foreach (var worker in (await chain.Rpc.CallAsync("veil_workers", [], ct)).EnumerateArray())
        {
            if (worker.GetProperty("role").GetString() == "worker") members.Add(Hash256.Parse(worker.GetProperty("identityKey").GetString()!));
        }

        if (members.Count == 0) throw new CliError("no registered workers to deploy to; start workers or name them with --cluster");
        return members.Count > ContractInfo.MaxClusterSize ? members[..ContractInfo.MaxClusterSize] : members;
    }

    private static async Task<HashSet<(Hash256 Id, string Kind)>> ListAsync(VeilClient chain, CancellationToken ct)
    {
        var set = new HashSet<(Hash256, string)>();
        foreach (var contract in (await chain.Rpc.CallAsync("veil_contracts", [], ct)).EnumerateArray())
        {
            set.Add((Hash256.Parse(contract.GetProperty("id").GetString()!), contract.GetProperty("kind").GetString()!));
        }

        return set;
    }

    private static async Task WaitForKeysAsync(VeilClient chain, Hash256 id, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + WorkerWait;
        while (await ConfidentialContractClient.GetContractAsync(chain, id, ct) is not { HasKeys: true })
        {
            if (DateTime.UtcNow > deadline) throw new CliError($"contract {id} was deployed but its gatekeeper did not publish its keys within {WorkerWait.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private static async Task<uint> SubmitAsync(VeilClient chain, Ed25519KeyPair signer, byte[] call, string what, bool quiet, CancellationToken ct)
    {
        var context = await chain.GetSigningContextAsync(ct);
        var nonce = await chain.GetNextNonceAsync(signer.PublicKey, ct);
        var extrinsic = ExtrinsicCodec.EncodeSigned(signer.PublicKey, call, Era.Immortal, nonce, 0, context, context.GenesisHash, signer.Sign);
        return await SubmitSignedAsync(chain, extrinsic, what, quiet, ct);
    }

    private static async Task<uint> SubmitSignedAsync(VeilClient chain, byte[] extrinsic, string what, bool quiet, CancellationToken ct)
    {
        var block = await chain.SubmitAndWaitFinalizedAsync(extrinsic, status =>
        {
            if (!quiet) Console.Error.WriteLine($"  … {status}");
        }, ct);
        var header = await chain.GetHeaderAsync(block, ct);
        var number = uint.Parse(header.GetProperty("number").GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var outcome = await chain.Rpc.CallAsync("veil_transactionStatus", [Blake2b.Hash256(extrinsic).ToString()], ct);
        if (outcome.TryGetProperty("success", out var success) && !success.GetBoolean())
        {
            throw new CliError($"the {what} was included in block #{number} but failed: {outcome.GetProperty("error").GetString()} (the fee was charged)");
        }

        return number;
    }

    private static async Task<int> RunAsync(ParseResult r, Option<string> contract, Option<string> worker, Option<string> rpc, string uri, string keyOption, Func<ConfidentialContractClient, VeilClient, Ed25519KeyPair, Task> action, CancellationToken ct)
    {
        var id = Hash256.TryParse(r.GetValue(contract)!, out var parsed) ? parsed : throw new CliError($"--contract: '{r.GetValue(contract)}' is not a 0x-prefixed 32-byte contract id");
        if (!Uri.TryCreate(r.GetValue(worker), UriKind.Absolute, out var workerUri) || (workerUri.Scheme != Uri.UriSchemeHttp && workerUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliError($"--worker: '{r.GetValue(worker)}' is not an http(s) URL");
        }

        using var signer = Signer(uri, keyOption);
        await using var chain = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        ConfidentialContractClient client;
        try
        {
            client = await ConfidentialContractClient.OpenAsync(chain, http, workerUri, id, string.Empty, ct);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliError(ex.Message);
        }

        using (client)
        {
            if (!client.Contract.IsWasm) throw new CliError($"contract {id} is a built-in {client.Contract.Kind}, not a WebAssembly contract");
            try
            {
                await action(client, chain, signer);
            }
            catch (HttpRequestException ex)
            {
                throw new CliError($"worker {workerUri} is unreachable: {ex.Message}");
            }
            catch (Exception ex) when (ex is TimeoutException or QueryRefusedException)
            {
                throw new CliError(ex.Message);
            }
        }

        return 0;
    }

    private static string? FindSdk()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var sdk = Path.Combine(dir.FullName, "sdk", "assemblyscript");
                if (File.Exists(Path.Combine(sdk, "tools", "build.js"))) return sdk;
            }
        }

        return null;
    }
}
