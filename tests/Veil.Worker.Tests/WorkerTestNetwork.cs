using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Veil.Chain.Consensus;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Enclave.Platform;
using Veil.Node;
using Veil.Protocol.Registry;
using Veil.Sdk;

namespace Veil.Worker.Tests;

/// <summary>
/// A real in-process node (DevSeal every 100 ms, RPC on a free 127.0.0.1 port) plus the worker hosts a
/// test starts against it, in one temporary directory removed on dispose.
/// </summary>
internal sealed class WorkerTestNetwork : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly List<WorkerHost> _hosts = [];

    private WorkerTestNetwork(string root, VeilNode node, VeilClient client)
    {
        _root = root;
        Node = node;
        Client = client;
    }

    public VeilNode Node { get; }

    public VeilClient Client { get; }

    public string NodeUrl => Node.Rpc.WebSocketUri.ToString();

    /// <summary>A fresh temporary root directory for the node and the hosts' data directories.</summary>
    public static string CreateRoot() => Directory.CreateTempSubdirectory("veil-worker-tests-").FullName;

    /// <summary>Starts a node whose spec allows the running enclave build and names <paramref name="gatekeepers"/>.</summary>
    public static async Task<WorkerTestNetwork> StartAsync(string root, IReadOnlyList<Hash256> gatekeepers, CancellationToken cancellationToken)
    {
        var spec = ChainSpec.Dev() with { Measurements = [SimulatedMeasurement.Current], Gatekeepers = gatekeepers };
        var node = await VeilNode.StartAsync(
            new NodeOptions { Spec = spec, DataDirectory = Path.Combine(root, "node"), RpcPort = 0, Seal = new DevSealOptions(TimeSpan.FromMilliseconds(100), false) },
            NullLoggerFactory.Instance,
            cancellationToken);
        try
        {
            var client = await VeilClient.ConnectAsync(node.Rpc.WebSocketUri.ToString(), cancellationToken);
            return new WorkerTestNetwork(root, node, client);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public async Task<WorkerHost> StartHostAsync(string name, string operatorUri, WorkerRole role, CancellationToken cancellationToken, ILoggerFactory? loggers = null)
    {
        var host = await WorkerHost.StartAsync(
            new WorkerHostOptions { DataDirectory = DataDirectory(_root, name), NodeUrl = NodeUrl, OperatorUri = operatorUri, Role = role, HttpPort = 0 },
            loggers ?? NullLoggerFactory.Instance,
            cancellationToken);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops <paramref name="host"/> now (its data directory stays).</summary>
    public async Task StopHostAsync(WorkerHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    public static string DataDirectory(string root, string name) => Path.Combine(root, name);

    /// <summary>Polls <paramref name="method"/> until <paramref name="condition"/> holds for its result, or fails after <see cref="Timeout"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string method, Func<JsonElement, bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        while (true)
        {
            var result = await Client.Rpc.CallAsync(method, [], timeout.Token);
            if (condition(result))
            {
                return result;
            }

            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{method} did not reach the expected state within {Timeout}; last answer: {result}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Client.DisposeAsync();
        await Node.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
