using System.CommandLine;
using Microsoft.Extensions.Logging;
using Veil.Protocol.Registry;
using Veil.Worker;

namespace Veil.Cli.Commands;

/// <summary><c>veil worker</c>: run an attested worker (or gatekeeper) next to a node, reaching it only over RPC.</summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Worker data directory (platform secret, sealed keys)", Required = true };
        var rpc = CliOptions.Rpc();
        var operatorUri = new Option<string>("--operator") { Description = "Secret URI of the operator account that registers the worker and pays relay fees" };
        var gatekeeper = new Option<bool>("--gatekeeper") { Description = "Run with the gatekeeper role (its identity key must be in the chain spec's gatekeepers)" };
        var port = new Option<int>("--http-port") { Description = "HTTP port for /info, /health, /metrics on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => 8000 };
        var printIdentity = new Option<bool>("--print-identity")
        {
            Description = "Create (or load) the sealed identity in --data, print its public key and exit; a gatekeeper's key goes into the chain spec (veil node --gatekeeper)",
        };
        var command = new Command("worker", "Run a worker enclave host (simulated platform)") { data, rpc, operatorUri, gatekeeper, port, printIdentity };
        command.Validators.Add(result =>
        {
            if (!result.GetValue(printIdentity) && result.GetResult(operatorUri) is null)
            {
                result.AddError("Option '--operator' is required.");
            }
        });
        command.SetAction(async (r, ct) =>
        {
            if (r.GetValue(printIdentity))
            {
                Console.WriteLine(WorkerHost.InitializeIdentity(r.GetValue(data)!));
                return 0;
            }

            using var loggers = NodeCommands.CreateLoggers();
            await using var host = await WorkerHost.StartAsync(new WorkerHostOptions
            {
                DataDirectory = r.GetValue(data)!,
                NodeUrl = r.GetValue(rpc)!,
                OperatorUri = r.GetValue(operatorUri)!,
                Role = r.GetValue(gatekeeper) ? WorkerRole.Gatekeeper : WorkerRole.Worker,
                HttpPort = r.GetValue(port),
            }, loggers, ct);
            Console.WriteLine($"Veil {(host.Role == WorkerRole.Gatekeeper ? "gatekeeper" : "worker")} ready: identity {host.IdentityKey}, {host.HttpUri}info (Ctrl+C to stop)");
            await host.WaitAsync(ct);
            return 0;
        });
        return command;
    }
}
