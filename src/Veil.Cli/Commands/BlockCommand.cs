using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Veil.Core;
using Veil.Protocol.Calls;
using Veil.Sdk;

namespace Veil.Cli.Commands;

/// <summary><c>veil block [n|hash]</c>: show a finalized block.</summary>
public static class BlockCommand
{
    public static Command Create()
    {
        var at = new Argument<string?>("block") { Description = "Block number or 0x hash (default: the finalized head)", Arity = ArgumentArity.ZeroOrOne };
        var rpc = CliOptions.Rpc();
        var json = CliOptions.Json();
        var command = new Command("block", "Show a block: header, extrinsics and finality") { at, rpc, json };
        command.SetAction(async (r, ct) =>
        {
            await using var client = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
            var text = r.GetValue(at);
            Hash256 hash;
            if (string.IsNullOrEmpty(text))
            {
                hash = await client.GetFinalizedHeadAsync(ct);
            }
            else if (text.StartsWith("0x", StringComparison.Ordinal))
            {
                if (!Hash256.TryParse(text, out hash)) throw new CliError($"'{text}' is not a 32-byte 0x hash");
            }
            else if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                hash = await client.GetBlockHashAsync(number, ct) ?? throw new CliError($"no block #{number} yet");
            }
            else
            {
                throw new CliError($"'{text}' is neither a block number nor a 0x hash");
            }

            var block = await client.GetBlockAsync(hash, ct);
            if (block.ValueKind == JsonValueKind.Null) throw new CliError($"unknown block {hash}");
            if (r.GetValue(json))
            {
                Console.WriteLine(block.GetRawText());
                return 0;
            }

            var (header, extrinsics) = VeilClient.DecodeBlock(block);
            Console.WriteLine($"Block #{header.Number} {header.Hash}");
            Console.WriteLine($"  parent:      {header.ParentHash}");
            Console.WriteLine($"  state root:  {header.StateRoot}");
            Console.WriteLine($"  extrinsics:  {header.ExtrinsicsRoot} ({extrinsics.Count})");
            Console.WriteLine($"  messages:    {header.MessagesRoot}");
            Console.WriteLine($"  time:        {DateTimeOffset.FromUnixTimeMilliseconds((long)header.Timestamp):u}");
            Console.WriteLine($"  author:      {(header.Number == 0 ? "(genesis)" : header.Author.ToSs58())}");
            Console.WriteLine($"  finality:    {(block.TryGetProperty("justifications", out var j) && j.ValueKind == JsonValueKind.Array ? "proven (authority signatures)" : "genesis")}");
            var shown = 0;
            foreach (var extrinsic in extrinsics)
            {
                if (shown++ == 20)
                {
                    Console.WriteLine($"  … and {extrinsics.Count - 20} more");
                    break;
                }

                Console.WriteLine($"  - {extrinsic.Hash} {Describe(extrinsic)}");
            }

            return 0;
        });
        return command;
    }

    private static string Describe(Veil.Protocol.Transactions.Extrinsic extrinsic)
    {
        var call = extrinsic.Call;
        var who = extrinsic.IsSigned ? $"{extrinsic.Signer.ToSs58()} nonce {extrinsic.Nonce}" : "unsigned";
        if (call[0] == ModuleIndex.Balances && (call[1] == BalancesCall.TransferAllowDeath || call[1] == BalancesCall.TransferKeepAlive))
        {
            var reader = new Veil.Core.Scale.ScaleReader(call[2..]);
            if (BalancesCall.TryDecodeTransferArgs(ref reader, out var to, out var amount))
            {
                return $"balances.transfer {VeilAmount.Format(amount)} VEIL → {to.ToSs58()} (from {who})";
            }
        }

        return $"call {call[0]}.{call[1]} (from {who})";
    }
}
