using Microsoft.Extensions.Logging;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Enclave.Platform;
using Veil.Node;
using Veil.Protocol.Calls;
using Veil.Protocol.Registry;
using Veil.Protocol.Transactions;
using Veil.Sdk;
using Veil.Worker;

namespace Veil.Cli.Commands;

/// <summary>
/// <c>veil dev</c>: one node, one gatekeeper and two workers in one process, the workers reaching the chain
/// only through the node's public RPC as they would across machines, and the Wallet deployed to them.
/// The dev chain spec trusts the simulated attestation root and this build's enclave measurement, and
/// names the gatekeeper's identity key, so its genesis changes whenever the enclave code does.
/// </summary>
public static class DevNetwork
{
    private static readonly string[] Operators = ["//Dave", "//Eve", "//Ferdie"];

    public static async Task<int> RunAsync(NodeOptions options, int workerPort, CancellationToken cancellationToken)
    {
        using var loggers = NodeCommands.CreateLoggers();
        var gatekeeperKey = WorkerHost.InitializeIdentity(Path.Combine(options.DataDirectory, "gatekeeper"));
        var spec = ChainSpec.Dev() with { Measurements = [SimulatedMeasurement.Current], Gatekeepers = [gatekeeperKey] };
        Console.Error.WriteLine($"veil: starting dev network, data in {options.DataDirectory}");
        VeilNode node;
        try
        {
            node = await VeilNode.StartAsync(options with { Spec = spec }, loggers, cancellationToken);
        }
        catch (ChainSpecException ex)
        {
            throw new CliError($"{ex.Message}. The dev chain's genesis includes this build's enclave measurement; after rebuilding, start with a fresh --data directory (or none).");
        }

        await using (node)
        {
            var url = $"ws://127.0.0.1:{node.Rpc.BoundPort}";
            var hosts = new List<WorkerHost>();
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    hosts.Add(await WorkerHost.StartAsync(new WorkerHostOptions
                    {
                        DataDirectory = Path.Combine(options.DataDirectory, i == 0 ? "gatekeeper" : $"worker-{i}"),
                        NodeUrl = url,
                        OperatorUri = Operators[i],
                        Role = i == 0 ? WorkerRole.Gatekeeper : WorkerRole.Worker,
                        HttpPort = workerPort + i,
                    }, loggers, cancellationToken));
                }

                var wallet = await DeployWalletAsync(url, [hosts[1].IdentityKey, hosts[2].IdentityKey], cancellationToken);
                Console.Out.WriteLine($"gatekeeper {hosts[0].HttpUri}info · workers {hosts[1].HttpUri}info, {hosts[2].HttpUri}info");
                Console.Out.WriteLine($"Wallet contract {wallet}");
                Console.Out.WriteLine($"Veil node ready: {url} (Ctrl+C to stop)");
                Console.Out.Flush();
                var waits = new List<Task> { node.WaitAsync(cancellationToken) };
                foreach (var host in hosts) waits.Add(host.WaitAsync(cancellationToken));
                var first = await Task.WhenAny(waits);
                await first;
                Console.Error.WriteLine("veil: stopping dev network");
                return 0;
            }
            finally
            {
                foreach (var host in hosts) await host.DisposeAsync();
            }
        }
    }

    /// <summary>Deploys the Wallet to the two workers unless one is already deployed (a restarted network).</summary>
    internal static async Task<string> DeployWalletAsync(string url, Hash256[] cluster, CancellationToken cancellationToken)
    {
        await using var client = await VeilClient.ConnectAsync(url, cancellationToken);
        var existing = await client.Rpc.CallAsync("veil_contracts", [], cancellationToken);
        foreach (var contract in existing.EnumerateArray())
        {
            if (contract.GetProperty("kind").GetString() == "Wallet") return contract.GetProperty("id").GetString()!;
        }

        using var alice = KeyDerivation.FromUri("//Alice");
        return (await RegistryCommands.DeployBuiltinAsync(client, alice, "Wallet", cluster, cancellationToken)).ToString();
    }
}
