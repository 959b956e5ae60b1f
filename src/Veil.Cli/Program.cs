using System.CommandLine;
using Veil.Chain.Spec;
using Veil.Cli.Commands;
using Veil.Sdk.Rpc;

var root = new RootCommand("Veil: a confidential smart contract network. Run `veil dev` to start a local network.");
root.Subcommands.Add(NodeCommands.Dev());
root.Subcommands.Add(NodeCommands.Node());
root.Subcommands.Add(TestnetCommand.Create());
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(AccountCommands.Balance());
root.Subcommands.Add(AccountCommands.Transfer());
root.Subcommands.Add(BlockCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(RegistryCommands.Workers());
root.Subcommands.Add(RegistryCommands.Contracts());
root.Subcommands.Add(WalletCommands.Create());
root.Subcommands.Add(ContractCommands.Create());
root.Subcommands.Add(BenchCommand.Create());

try
{
    // ProcessTerminationTimeout is set explicitly: System.CommandLine 2.0.0 ships it as null (not the
    // documented 2 s, dotnet/command-line-api#2739), so Ctrl+C and SIGTERM never cancelled the command and
    // `veil node` kept running (the RPC host's console lifetime swallows the signal). On a signal the
    // command's token is cancelled and the node shuts down cleanly; after the timeout the process exits anyway.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
    });
}
catch (Exception ex) when (ex is CliError or RpcClientException or ChainSpecException or ArgumentException or IOException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
