using System.CommandLine;
using Veil.Sdk;

namespace Veil.Cli.Commands;

/// <summary><c>veil workers</c> and <c>veil contracts</c>: the attested workers and deployed confidential contracts.</summary>
public static class RegistryCommands
{
    public static Command Workers() => List("workers", "List registered (attested) workers and gatekeepers", "veil_workers", w =>
        $"{w.GetProperty("role").GetString(),-10} {w.GetProperty("identityKey").GetString()}  operator {w.GetProperty("operator").GetString()}  since #{w.GetProperty("registeredAt").GetUInt32()}");

    public static Command Contracts() => List("contracts", "List deployed confidential contracts", "veil_contracts", c =>
        $"{c.GetProperty("kind").GetString(),-10} {c.GetProperty("id").GetString()}  {c.GetProperty("cluster").GetArrayLength()} worker(s)  keys {(c.GetProperty("ecdhKey").ValueKind == System.Text.Json.JsonValueKind.Null ? "pending" : "published")}");

    private static Command List(string name, string description, string method, Func<System.Text.Json.JsonElement, string> line)
    {
        var rpc = CliOptions.Rpc();
        var json = CliOptions.Json();
        var command = new Command(name, description) { rpc, json };
        command.SetAction(async (r, ct) =>
        {
            await using var client = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
            var result = await client.Rpc.CallAsync(method, [], ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(result.GetRawText());
                return 0;
            }

            if (result.GetArrayLength() == 0)
            {
                Console.WriteLine($"no {name} yet");
            }

            foreach (var item in result.EnumerateArray()) Console.WriteLine(line(item));
            return 0;
        });
        return command;
    }
}
