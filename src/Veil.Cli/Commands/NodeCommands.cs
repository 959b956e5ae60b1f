using System.CommandLine;
using Microsoft.Extensions.Logging;
using Veil.Chain.Consensus;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Enclave.Platform;
using Veil.Node;

namespace Veil.Cli.Commands;

/// <summary><c>veil dev</c> and <c>veil node</c>: run a chain node until Ctrl+C.</summary>
public static class NodeCommands
{
    public static Command Dev()
    {
        var data = new Option<string?>("--data") { Description = "Data directory (default: a fresh temporary directory, removed on exit)" };
        var blockMs = new Option<int>("--block-ms") { Description = "Milliseconds between blocks", DefaultValueFactory = _ => 1000 };
        var instant = new Option<bool>("--instant") { Description = "Seal a block as soon as transactions arrive" };
        var port = new Option<int>("--rpc-port") { Description = "JSON-RPC port on 127.0.0.1", DefaultValueFactory = _ => 9944 };
        var workerPort = new Option<int>("--worker-port") { Description = "HTTP port of the gatekeeper; the workers take the next ones", DefaultValueFactory = _ => 8000 };
        var noWorkers = new Option<bool>("--no-workers") { Description = "Start only the chain node" };
        var command = new Command("dev", "Start a local development network: a node (Alice seals blocks; dev accounts are funded), a gatekeeper, two workers and the Wallet contract") { data, blockMs, instant, port, workerPort, noWorkers };
        command.SetAction(async (r, ct) =>
        {
            var given = r.GetValue(data);
            var directory = given ?? Path.Combine(Path.GetTempPath(), $"veil-dev-{Environment.ProcessId}");
            try
            {
                var options = new NodeOptions
                {
                    Chain = "dev",
                    DataDirectory = directory,
                    RpcPort = r.GetValue(port),
                    Seal = SealOptions(r.GetValue(blockMs), r.GetValue(instant)),
                };
                return r.GetValue(noWorkers) ? await RunAsync(options, ct) : await DevNetwork.RunAsync(options, r.GetValue(workerPort), ct);
            }
            finally
            {
                if (given is null)
                {
                    try
                    {
                        Directory.Delete(directory, recursive: true);
                    }
                    catch (IOException)
                    {
                        // Best effort: a temporary directory left behind is harmless.
                    }
                }
            }
        });
        return command;
    }

    public static Command Node()
    {
        var chain = new Option<string>("--chain") { Description = "'dev' or a chain spec JSON file", DefaultValueFactory = _ => "dev" };
        var data = new Option<string?>("--data") { Description = "Data directory (default: ~/.local/share/veil/<chain>)" };
        var authority = new Option<string>("--authority") { Description = "Secret URI of the sealing authority", DefaultValueFactory = _ => "//Alice" };
        var blockMs = new Option<int>("--block-ms") { Description = "Milliseconds between blocks", DefaultValueFactory = _ => 1000 };
        var instant = new Option<bool>("--instant") { Description = "Seal a block as soon as transactions arrive" };
        var port = new Option<int>("--rpc-port") { Description = "JSON-RPC port on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => 9944 };
        var gatekeepers = new Option<string[]>("--gatekeeper")
        {
            Description = "With --chain dev: a gatekeeper's identity key (from `veil worker --print-identity`); repeatable. The dev spec then also trusts this build's enclave measurement, as `veil dev` does",
            AllowMultipleArgumentsPerToken = false,
        };
        var follow = new Option<string?>("--follow")
        {
            Description = "Run a full node: sync from the node at this WebSocket RPC URL (e.g. ws://127.0.0.1:9944), verify every block's finality proof and re-execute it, then follow new heads; submitted transactions are forwarded there. --authority, --block-ms and --instant do not apply",
        };
        var validator = new Option<string?>("--validator")
        {
            Description = "Run a Raft validator whose Raft transport listens on this address (e.g. 127.0.0.1:30333); --authority signs its finality votes, --block-ms is the empty-block interval. The chain spec must list the authorities",
        };
        var peers = new Option<string[]>("--peer")
        {
            Description = "With --validator: another validator as raft-host:port=rpc-url (e.g. 127.0.0.1:30334=ws://127.0.0.1:9945); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("node", "Run a chain node") { chain, data, authority, blockMs, instant, port, gatekeepers, follow, validator, peers };
        command.SetAction((r, ct) => RunAsync(new NodeOptions
        {
            Chain = r.GetValue(chain)!,
            Spec = DevSpecWithGatekeepers(r.GetValue(chain)!, r.GetValue(gatekeepers) ?? []),
            DataDirectory = r.GetValue(data) ?? DefaultDataDirectory(Path.GetFileNameWithoutExtension(r.GetValue(chain)!)),
            AuthorityUri = r.GetValue(authority)!,
            RpcPort = r.GetValue(port),
            Seal = SealOptions(r.GetValue(blockMs), r.GetValue(instant)),
            FollowUrl = FollowUrl(r.GetValue(follow)),
            Validator = ValidatorCommandLine.Parse(r.GetValue(validator), r.GetValue(peers) ?? [], r.GetValue(blockMs), r.GetValue(follow) is not null),
        }, ct));
        return command;
    }

    /// <summary>The dev spec naming <paramref name="gatekeepers"/>, or null (the spec comes from --chain) when none are given.</summary>
    private static ChainSpec? DevSpecWithGatekeepers(string chain, string[] gatekeepers)
    {
        if (gatekeepers.Length == 0)
        {
            return null;
        }

        if (chain != "dev")
        {
            throw new CliError("--gatekeeper applies to --chain dev only; a chain spec file names its own gatekeepers");
        }

        var keys = new List<Hash256>();
        foreach (var text in gatekeepers)
        {
            keys.Add(Hash256.TryParse(text, out var key) ? key : throw new CliError($"--gatekeeper: '{text}' is not a 0x-prefixed 32-byte identity key"));
        }

        return ChainSpec.Dev() with { Measurements = [SimulatedMeasurement.Current], Gatekeepers = keys };
    }

    private static string? FollowUrl(string? url)
    {
        if (url is null)
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" or "http" or "https"
            ? url
            : throw new CliError($"--follow: '{url}' is not a ws://, wss://, http:// or https:// URL of a node's RPC");
    }

    private static DevSealOptions SealOptions(int blockMs, bool instant)
    {
        if (blockMs is < 10 or > 600_000)
        {
            throw new CliError($"--block-ms must be between 10 and 600000, not {blockMs}");
        }

        return new DevSealOptions(TimeSpan.FromMilliseconds(blockMs), instant);
    }

    private static string DefaultDataDirectory(string chain)
    {
        var home = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(home, "veil", chain);
    }

    public static ILoggerFactory CreateLoggers() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        }));

    private static async Task<int> RunAsync(NodeOptions options, CancellationToken cancellationToken)
    {
        using var loggers = CreateLoggers();
        Console.Error.WriteLine($"veil: starting node, data in {options.DataDirectory}");
        await using var node = await VeilNode.StartAsync(options, loggers, cancellationToken);
        Console.Out.WriteLine($"Veil node ready: ws://127.0.0.1:{node.Rpc.BoundPort} (Ctrl+C to stop)");
        Console.Out.Flush();
        await node.WaitAsync(cancellationToken);
        Console.Error.WriteLine("veil: stopping node");
        return 0;
    }
}
