using System.CommandLine;
using Veil.Chain.Spec;
using Veil.Cli.Commands;
using Veil.Sdk.Rpc;

var root = new RootCommand("Veil: a confidential smart contract network. Run `veil dev` to start a local network.");
root.Subcommands.Add(NodeCommands.Dev());
root.Subcommands.Add(NodeCommands.Node());
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(AccountCommands.Balance());
root.Subcommands.Add(AccountCommands.Transfer());
root.Subcommands.Add(BlockCommand.Create());
root.Subcommands.Add(BenchCommand.Create());

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is CliError or RpcClientException or ChainSpecException or ArgumentException or IOException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
