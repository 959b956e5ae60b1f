using System.CommandLine;
using Veil.Core;
using Veil.Protocol.Accounts;
using Veil.Sdk;

namespace Veil.Cli.Commands;

/// <summary>Options and argument parsing shared by several commands.</summary>
public static class CliOptions
{
    public static Option<string> Rpc() => new("--rpc")
    {
        Description = "Node RPC endpoint",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VEIL_RPC") ?? VeilClient.DefaultUrl,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON (amounts in base units)" };

    public static AccountId ParseAccount(string text, string what)
    {
        try
        {
            return AccountResolver.Resolve(text);
        }
        catch (FormatException ex)
        {
            throw new CliError($"{what}: {ex.Message}");
        }
    }

    public static UInt128 ParseAmount(string text)
        => VeilAmount.TryParse(text, out var amount, out var error) ? amount : throw new CliError($"--amount: {error}");
}
