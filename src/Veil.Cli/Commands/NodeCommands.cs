using System.CommandLine;
using Microsoft.Extensions.Logging;
using Veil.Chain.Consensus;
using Veil.Node;

namespace Veil.Cli.Commands;

/// <summary><c>veil dev</c> and <c>veil node</c>: run a chain node until Ctrl+C.</summary>
public static class NodeCommands
{
    public static Command Dev()
    {
        var data = new Option<string?>("--data") { Description = "Data directory (default: ~/.local/share/veil/dev)" };
        var blockMs = new Option<int>("--block-ms") { Description = "Milliseconds between blocks", DefaultValueFactory = _ => 1000 };
        var instant = new Option<bool>("--instant") { Description = "Seal a block as soon as transactions arrive" };
        var port = new Option<int>("--rpc-port") { Description = "JSON-RPC port on 127.0.0.1", DefaultValueFactory = _ => 9944 };
        var command = new Command("dev", "Start a local development network (Alice seals blocks; dev accounts are funded)") { data, blockMs, instant, port };
        command.SetAction((r, ct) => RunAsync(new NodeOptions
        {
            Chain = "dev",
            DataDirectory = r.GetValue(data) ?? DefaultDataDirectory("dev"),
            RpcPort = r.GetValue(port),
            Seal = SealOptions(r.GetValue(blockMs), r.GetValue(instant)),
        }, ct));
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
        var command = new Command("node", "Run a chain node") { chain, data, authority, blockMs, instant, port };
        command.SetAction((r, ct) => RunAsync(new NodeOptions
        {
            Chain = r.GetValue(chain)!,
            DataDirectory = r.GetValue(data) ?? DefaultDataDirectory(Path.GetFileNameWithoutExtension(r.GetValue(chain)!)),
            AuthorityUri = r.GetValue(authority)!,
            RpcPort = r.GetValue(port),
            Seal = SealOptions(r.GetValue(blockMs), r.GetValue(instant)),
        }, ct));
        return command;
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

    private static async Task<int> RunAsync(NodeOptions options, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
        Console.Error.WriteLine($"veil: starting node, data in {options.DataDirectory}");
        await using var node = await VeilNode.StartAsync(options, loggers, cancellationToken);
        Console.Out.WriteLine($"Veil node ready: ws://127.0.0.1:{node.Rpc.BoundPort} (Ctrl+C to stop)");
        Console.Out.Flush();
        await node.WaitAsync(cancellationToken);
        Console.Error.WriteLine("veil: stopping node");
        return 0;
    }
}
