using System.CommandLine;
using System.Globalization;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Sdk;
using Veil.Sdk.Confidential;

namespace Veil.Cli.Commands;

/// <summary>
/// <c>veil wallet deposit|transfer|withdraw|balance|supply</c>: the confidential Wallet. Commands are sealed
/// to the contract's key and pushed through the chain; balances are read with signed, encrypted queries
/// sent straight to a worker. After each command the CLI waits until the worker has executed the block
/// that holds it and prints the sender's new private balance, so the user sees the effect, not just inclusion.
/// </summary>
public static class WalletCommands
{
    private static readonly TimeSpan WorkerWait = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var wallet = new Command("wallet", "The confidential wallet: private balances and transfers");
        wallet.Subcommands.Add(Deposit());
        wallet.Subcommands.Add(Transfer());
        wallet.Subcommands.Add(Withdraw());
        wallet.Subcommands.Add(Balance());
        wallet.Subcommands.Add(Supply());
        return wallet;
    }

    private static Option<string> Worker() => new("--worker")
    {
        Description = "A worker of the wallet's cluster, whose /query answers balance queries",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VEIL_WORKER") ?? "http://127.0.0.1:8001",
    };

    private static Option<string?> Contract() => new("--contract") { Description = "Wallet contract id (default: the chain's only Wallet)" };

    private static Option<string> From(string description) => new("--from") { Description = description, Required = true };

    private static Option<string> Amount() => new("--amount") { Description = "Amount in VEIL, e.g. 1.5", Required = true };

    private static Command Deposit()
    {
        var from = From("Depositor's secret URI; its public VEIL is locked and credited to its private balance");
        var amount = Amount();
        var (rpc, worker, contract, json) = (CliOptions.Rpc(), Worker(), Contract(), CliOptions.Json());
        var command = new Command("deposit", "Lock public VEIL into the wallet, credited to your private balance") { from, amount, rpc, worker, contract, json };
        command.SetAction((r, ct) =>
        {
            var value = CliOptions.ParseAmount(r.GetValue(amount)!);
            return RunAsync(r, rpc, worker, contract, json, r.GetValue(from)!, "--from", async (session, signer) =>
        {
            var context = await session.Chain.GetSigningContextAsync(ct);
            var nonce = await session.Chain.GetNextNonceAsync(signer.PublicKey, ct);
            var extrinsic = session.Wallet.SignDeposit(signer, value, nonce, context);
            var (number, _) = await SubmitAsync(session, extrinsic, r.GetValue(json), "deposit", ct);
            var balance = await BalanceAfterAsync(session, signer, number, ct);
            Report(r.GetValue(json), number, value, balance, $"Deposited {VeilAmount.Format(value)} VEIL into the wallet from {signer.PublicKey.ToSs58()}");
        }, ct);
        });
        return command;
    }

    private static Command Transfer() => PrivateCommand(
        "transfer",
        "Send private VEIL: amount and recipient are encrypted to the wallet",
        "Sender's secret URI",
        "Recipient: SS58 address or dev URI",
        (wallet, signer, to, value, nonce, context) => wallet.SignTransfer(signer, to, value, nonce, context),
        afterExecution: null,
        (to, value) => $"Transferred {VeilAmount.Format(value)} VEIL privately to {to.ToSs58()}");

    private static Command Withdraw() => PrivateCommand(
        "withdraw",
        "Move private VEIL back to a public balance (the wallet's signed message releases it)",
        "Owner's secret URI",
        "Account to receive the public VEIL: SS58 address or dev URI",
        (wallet, signer, to, value, nonce, context) => wallet.SignWithdraw(signer, to, value, nonce, context),
        WaitForReleaseAsync,
        (to, value) => $"Withdrew {VeilAmount.Format(value)} VEIL to the public balance of {to.ToSs58()}");

    private delegate byte[] SignCommand(WalletClient wallet, Ed25519KeyPair signer, AccountId to, UInt128 value, uint nonce, Veil.Protocol.Transactions.SigningContext context);

    private delegate Task AfterExecution(Session session, AccountId to, UInt128 value, uint number, Hash256 block, CancellationToken ct);

    /// <summary>A sealed wallet command with a destination and an amount: checked against the private balance, submitted, executed, reported.</summary>
    private static Command PrivateCommand(string name, string description, string fromDescription, string toDescription, SignCommand sign, AfterExecution? afterExecution, Func<AccountId, UInt128, string> done)
    {
        var from = From(fromDescription);
        var to = new Option<string>("--to") { Description = toDescription, Required = true };
        var amount = Amount();
        var (rpc, worker, contract, json) = (CliOptions.Rpc(), Worker(), Contract(), CliOptions.Json());
        var command = new Command(name, description) { from, to, amount, rpc, worker, contract, json };
        command.SetAction((r, ct) =>
        {
            var value = CliOptions.ParseAmount(r.GetValue(amount)!);
            var destination = CliOptions.ParseAccount(r.GetValue(to)!, "--to");
            return RunAsync(r, rpc, worker, contract, json, r.GetValue(from)!, "--from", async (session, signer) =>
            {
                await RequireBalanceAsync(session, signer, value, ct);
                var context = await session.Chain.GetSigningContextAsync(ct);
                var nonce = await session.Chain.GetNextNonceAsync(signer.PublicKey, ct);
                var extrinsic = sign(session.Wallet, signer, destination, value, nonce, context);
                var (number, block) = await SubmitAsync(session, extrinsic, r.GetValue(json), name, ct);

                // The outcome is private: read it from the command's receipt, which only the sender may see.
                var receipt = await session.Wallet.Contract.GetReceiptAsync(signer, extrinsic, number, ct);
                if (receipt.Error is { } refused)
                {
                    throw new CliError($"the wallet refused the {name} in block #{number}: {refused.Message} ({refused.Kind}); the fee was charged, nothing moved");
                }

                var balance = await BalanceAfterAsync(session, signer, number, ct);
                if (afterExecution is not null) await afterExecution(session, destination, value, number, block, ct);
                Report(r.GetValue(json), number, value, balance, done(destination, value));
            }, ct);
        });
        return command;
    }

    /// <summary>
    /// The release is a queue message signed by the contract and relayed by the workers after they ran
    /// block #number, so it lands in a later block: wait until the balance passes its value at #number.
    /// </summary>
    private static async Task WaitForReleaseAsync(Session session, AccountId to, UInt128 value, uint number, Hash256 block, CancellationToken ct)
    {
        var expected = await session.Chain.GetFreeBalanceAtAsync(to, block, ct) + value;
        var deadline = DateTime.UtcNow + WorkerWait;
        while ((await session.Chain.GetBalanceAsync(to, ct)).Free < expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new CliError($"the withdrawal executed in block #{number}, but the release to {to.ToSs58()} did not reach the chain within {WorkerWait.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private static Command Balance()
    {
        var who = new Argument<string?>("who") { Description = "Whose balance (SS58 address or dev URI); default: the --as account", Arity = ArgumentArity.ZeroOrOne };
        var asker = new Option<string>("--as") { Description = "Secret URI that signs the query (the wallet answers only the owner)", Required = true };
        var (rpc, worker, contract, json) = (CliOptions.Rpc(), Worker(), Contract(), CliOptions.Json());
        var command = new Command("balance", "Read a private balance with a signed, encrypted query to a worker") { who, asker, rpc, worker, contract, json };
        command.SetAction((r, ct) =>
        {
            AccountId? named = r.GetValue(who) is { } text ? CliOptions.ParseAccount(text, "who") : null;
            return RunAsync(r, rpc, worker, contract, json, r.GetValue(asker)!, "--as", async (session, signer) =>
        {
            var account = named ?? signer.PublicKey;
            var balance = await AskAsync(() => session.Wallet.GetBalanceAsync(signer, account, ct));
            if (r.GetValue(json))
            {
                Console.WriteLine($"{{\"address\":\"{account.ToSs58()}\",\"balance\":{balance.ToString(CultureInfo.InvariantCulture)}}}");
            }
            else
            {
                Console.WriteLine($"{VeilAmount.Format(balance)} VEIL");
            }
        }, ct);
        });
        return command;
    }

    private static Command Supply()
    {
        var asker = new Option<string>("--as") { Description = "Secret URI that signs the query", Required = true };
        var (rpc, worker, contract, json) = (CliOptions.Rpc(), Worker(), Contract(), CliOptions.Json());
        var command = new Command("supply", "Total VEIL held privately in the wallet") { asker, rpc, worker, contract, json };
        command.SetAction((r, ct) => RunAsync(r, rpc, worker, contract, json, r.GetValue(asker)!, "--as", async (session, signer) =>
        {
            var supply = await AskAsync(() => session.Wallet.GetTotalSupplyAsync(signer, ct));
            Console.WriteLine(r.GetValue(json) ? $"{{\"totalSupply\":{supply.ToString(CultureInfo.InvariantCulture)}}}" : $"{VeilAmount.Format(supply)} VEIL");
        }, ct));
        return command;
    }

    private sealed record Session(VeilClient Chain, WalletClient Wallet);

    private static async Task<int> RunAsync(ParseResult r, Option<string> rpc, Option<string> worker, Option<string?> contract, Option<bool> json, string uri, string keyOption, Func<Session, Ed25519KeyPair, Task> action, CancellationToken ct)
    {
        if (!KeyDerivation.TryFromUri(uri, out var signer, out var keyError))
        {
            throw new CliError($"{keyOption}: {keyError}");
        }

        using (signer)
        {
            if (!Uri.TryCreate(r.GetValue(worker), UriKind.Absolute, out var workerUri) || (workerUri.Scheme != Uri.UriSchemeHttp && workerUri.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliError($"--worker: '{r.GetValue(worker)}' is not an http(s) URL");
            }

            Hash256? contractId = null;
            if (r.GetValue(contract) is { } idText)
            {
                contractId = Hash256.TryParse(idText, out var id) ? id : throw new CliError($"--contract: '{idText}' is not a 32-byte hex contract id");
            }

            await using var chain = await VeilClient.ConnectAsync(r.GetValue(rpc)!, ct);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            WalletClient wallet;
            try
            {
                wallet = await WalletClient.OpenAsync(chain, http, workerUri, contractId, ct);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliError(ex.Message);
            }

            using (wallet)
            {
                try
                {
                    await action(new Session(chain, wallet), signer);
                }
                catch (HttpRequestException ex)
                {
                    throw new CliError($"worker {workerUri} is unreachable: {ex.Message}");
                }
                catch (TimeoutException ex)
                {
                    throw new CliError(ex.Message);
                }
            }
        }

        return 0;
    }

    private static async Task<UInt128> AskAsync(Func<Task<UInt128>> query)
    {
        try
        {
            return await query();
        }
        catch (QueryRefusedException ex)
        {
            throw new CliError(ex.Message);
        }
    }

    private static async Task RequireBalanceAsync(Session session, Ed25519KeyPair signer, UInt128 amount, CancellationToken ct)
    {
        var balance = await AskAsync(() => session.Wallet.GetBalanceAsync(signer, signer.PublicKey, ct));
        if (balance < amount)
        {
            throw new CliError($"insufficient private balance: {signer.PublicKey.ToSs58()} has {VeilAmount.Format(balance)} VEIL in the wallet, {VeilAmount.Format(amount)} asked");
        }
    }

    private static async Task<(uint Number, Hash256 Block)> SubmitAsync(Session session, byte[] extrinsic, bool quiet, string what, CancellationToken ct)
    {
        var block = await session.Chain.SubmitAndWaitFinalizedAsync(extrinsic, status =>
        {
            if (!quiet) Console.Error.WriteLine($"  … {status}");
        }, ct);
        var header = await session.Chain.GetHeaderAsync(block, ct);
        var number = uint.Parse(header.GetProperty("number").GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var outcome = await session.Chain.Rpc.CallAsync("veil_transactionStatus", [Veil.Core.Hashing.Blake2b.Hash256(extrinsic).ToString()], ct);
        if (outcome.TryGetProperty("success", out var success) && !success.GetBoolean())
        {
            throw new CliError($"the {what} was included in block #{number} but failed: {outcome.GetProperty("error").GetString()} (the fee was charged)");
        }

        return (number, block);
    }

    private static async Task<UInt128> BalanceAfterAsync(Session session, Ed25519KeyPair signer, uint number, CancellationToken ct)
    {
        // The answer carries (inside its encryption) the block it reflects: no need to trust the host's /info.
        return await AskAsync(() => session.Wallet.GetBalanceAsync(signer, signer.PublicKey, ct, atLeastBlock: number));
    }

    private static void Report(bool json, uint number, UInt128 amount, UInt128 balance, string line)
    {
        if (json)
        {
            Console.WriteLine($"{{\"block\":{number},\"amount\":{amount.ToString(CultureInfo.InvariantCulture)},\"balance\":{balance.ToString(CultureInfo.InvariantCulture)}}}");
            return;
        }

        Console.WriteLine(line);
        Console.WriteLine($"  executed in block #{number}; your private balance is now {VeilAmount.Format(balance)} VEIL");
    }
}
