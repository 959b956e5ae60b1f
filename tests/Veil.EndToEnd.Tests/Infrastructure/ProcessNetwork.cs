using System.Globalization;

namespace Veil.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A Veil network of separate processes built with the CLI as an operator would: a dev node whose genesis
/// names the gatekeeper (`veil worker --print-identity`, `veil node --gatekeeper`), a gatekeeper, and
/// workers started and restarted on demand, each with its own data directory and HTTP port.
/// </summary>
public sealed class ProcessNetwork : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Operators = new()
    {
        ["gatekeeper"] = "//Dave",
        ["worker-1"] = "//Eve",
        ["worker-2"] = "//Ferdie",
        ["worker-3"] = "//Charlie",
    };

    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, NodeProcess> _workers = [];
    private NodeProcess? _node;

    private ProcessNetwork()
    {
    }

    public NodeProcess Node => _node ?? throw new InvalidOperationException("the node has not started");

    /// <summary>Identity keys (0x hex) by worker name, known before the workers start.</summary>
    public Dictionary<string, string> Identities { get; } = [];

    /// <summary>HTTP ports by worker name, fixed for the network's life so a restarted worker keeps its URL.</summary>
    public Dictionary<string, int> Ports { get; } = [];

    public string DataDirectory(string name) => Path.Combine(_data.Path, name);

    public Uri WorkerUri(string name) => new($"http://127.0.0.1:{Ports[name]}");

    /// <summary>Creates the identities, starts the node (a block every 100 ms) and the gatekeeper.</summary>
    public static async Task<ProcessNetwork> StartAsync(params string[] workerNames)
    {
        var network = new ProcessNetwork();
        try
        {
            foreach (var name in (string[])["gatekeeper", .. workerNames])
            {
                var (code, stdout, stderr) = await VeilCli.RunAsync("worker", "--data", network.DataDirectory(name), "--print-identity");
                Assert.True(code == 0, stderr);
                network.Identities[name] = stdout.Trim();
                network.Ports[name] = NodeProcess.FreePort();
            }

            var port = NodeProcess.FreePort();
            network._node = await NodeProcess.StartCommandAsync(port, ["node", "--chain", "dev", "--data", network.DataDirectory("node"), "--rpc-port", Text(port), "--block-ms", "100", "--gatekeeper", network.Identities["gatekeeper"]]);
            await network.StartWorkerAsync("gatekeeper");
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts (or restarts, after <see cref="KillWorkerAsync"/>) a worker; returns when it is registered and serving.</summary>
    public async Task<NodeProcess> StartWorkerAsync(string name)
    {
        if (_workers.Remove(name, out var old))
        {
            await old.DisposeAsync();
        }

        var gatekeeper = name == "gatekeeper";
        var process = await NodeProcess.StartCommandAsync(Ports[name], [
            "worker", "--data", DataDirectory(name), "--rpc", Node.Url, "--operator", Operators[name], "--http-port", Text(Ports[name]),
            .. gatekeeper ? new[] { "--gatekeeper" } : []], gatekeeper ? "Veil gatekeeper ready" : "Veil worker ready");
        _workers[name] = process;
        return process;
    }

    /// <summary>SIGKILL of a worker process.</summary>
    public Task KillWorkerAsync(string name) => _workers[name].KillHardAsync();

    public string WorkerOutput(string name) => _workers[name].Output;

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Values) await worker.DisposeAsync();
        if (_node is not null) await _node.DisposeAsync();
        _data.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
