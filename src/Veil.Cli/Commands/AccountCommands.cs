using System.CommandLine;
using System.Globalization;
using Veil.Crypto.Derivation;
using Veil.Sdk;

namespace Veil.Cli.Commands;

/// <summary><c>veil balance</c> and <c>veil transfer</c>: public VEIL balances.</summary>
public static class AccountCommands
{
    public static Command Balance()
    {
        var who = new Argument<string>("who") { Description = "SS58 address or dev URI (//Alice)" };
        var rpc = CliOptions.Rpc();
        var json = CliOptions.Json();
        var command = new Command("balance", "Show an account's public balance") { who, rpc, json };
        command.SetAction(async (r, ct) =>
        {
            var account = CliOptions.ParseAccount(r.GetValue(who)!, "who");
            await using var client = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
            var balance = await client.GetBalanceAsync(account, ct);
            if (r.GetValue(json))
            {
                // Base units as JSON integers (u128 can exceed double precision, so written verbatim).
                Console.WriteLine($"{{\"address\":\"{account.ToSs58()}\",\"free\":{balance.Free.ToString(CultureInfo.InvariantCulture)},\"reserved\":{balance.Reserved.ToString(CultureInfo.InvariantCulture)},\"nonce\":{balance.Nonce}}}");
            }
            else
            {
                Console.WriteLine($"{account.ToSs58()}");
                Console.WriteLine($"  free:     {VeilAmount.Format(balance.Free)} VEIL");
                Console.WriteLine($"  reserved: {VeilAmount.Format(balance.Reserved)} VEIL");
                Console.WriteLine($"  nonce:    {balance.Nonce}");
            }

            return 0;
        });
        return command;
    }

    public static Command Transfer()
    {
        var from = new Option<string>("--from") { Description = "Sender's secret URI (//Alice, a mnemonic or 0x seed)", Required = true };
        var to = new Option<string>("--to") { Description = "Recipient: SS58 address or dev URI", Required = true };
        var amount = new Option<string>("--amount") { Description = "Amount in VEIL, e.g. 1.5", Required = true };
        var keepAlive = new Option<bool>("--keep-alive") { Description = "Refuse to take the sender below the existential deposit" };
        var rpc = CliOptions.Rpc();
        var json = CliOptions.Json();
        var command = new Command("transfer", "Send public VEIL and wait until the transfer is final") { from, to, amount, keepAlive, rpc, json };
        command.SetAction(async (r, ct) =>
        {
            var value = CliOptions.ParseAmount(r.GetValue(amount)!);
            var destination = CliOptions.ParseAccount(r.GetValue(to)!, "--to");
            if (!KeyDerivation.TryFromUri(r.GetValue(from)!, out var signer, out var error))
            {
                throw new CliError($"--from: {error}");
            }

            using (signer)
            {
                await using var client = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
                var context = await client.GetSigningContextAsync(ct);
                var nonce = await client.GetNextNonceAsync(signer.PublicKey, ct);
                var extrinsic = VeilClient.SignTransfer(signer, destination, value, nonce, context, r.GetValue(keepAlive));
                var quiet = r.GetValue(json);
                var block = await client.SubmitAndWaitFinalizedAsync(extrinsic, status =>
                {
                    if (!quiet) Console.Error.WriteLine($"  … {status}");
                }, ct);
                var header = await client.GetHeaderAsync(block, ct);
                var number = Convert.ToUInt32(header.GetProperty("number").GetString()![2..], 16);
                var txHash = Veil.Core.Hashing.Blake2b.Hash256(extrinsic);
                var outcome = await client.Rpc.CallAsync("veil_transactionStatus", [txHash.ToString()], ct);
                if (outcome.TryGetProperty("success", out var success) && !success.GetBoolean())
                {
                    throw new CliError($"the transfer was included in block #{number} but failed: {outcome.GetProperty("error").GetString()} (the fee was charged)");
                }

                if (quiet)
                {
                    Console.WriteLine($"{{\"extrinsic\":\"{txHash}\",\"block\":\"{block}\",\"number\":{number},\"amount\":{value.ToString(CultureInfo.InvariantCulture)}}}");
                }
                else
                {
                    Console.WriteLine($"Transferred {VeilAmount.Format(value)} VEIL from {signer.PublicKey.ToSs58()} to {destination.ToSs58()}");
                    Console.WriteLine($"  extrinsic {txHash}");
                    Console.WriteLine($"  finalized in block #{number} {block}");
                }
            }

            return 0;
        });
        return command;
    }
}
