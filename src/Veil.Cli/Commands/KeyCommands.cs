using System.CommandLine;
using System.Text.Json;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;

namespace Veil.Cli.Commands;

/// <summary><c>veil key generate|inspect</c>: Ed25519 keys derived as Substrate derives them.</summary>
public static class KeyCommands
{
    public static Command Create()
    {
        var key = new Command("key", "Generate or inspect Ed25519 account keys (Substrate-compatible derivation)");

        var words = new Option<int>("--words") { Description = "Mnemonic length: 12, 15, 18, 21 or 24", DefaultValueFactory = _ => 12 };
        var generateJson = CliOptions.Json();
        var generate = new Command("generate", "Create a new random mnemonic and show its account") { words, generateJson };
        generate.SetAction(r =>
        {
            var count = r.GetValue(words);
            if (count is not (12 or 15 or 18 or 21 or 24)) throw new CliError($"--words must be 12, 15, 18, 21 or 24, not {count}");
            var phrase = Mnemonic.Generate(count);
            Print(phrase, r.GetValue(generateJson));
            return 0;
        });

        var uri = new Argument<string>("uri") { Description = "A secret URI: mnemonic, 0x seed or //Dev junctions, e.g. //Alice" };
        var inspectJson = CliOptions.Json();
        var inspect = new Command("inspect", "Show the account of a mnemonic, hex seed or secret URI") { uri, inspectJson };
        inspect.SetAction(r =>
        {
            Print(r.GetValue(uri)!, r.GetValue(inspectJson));
            return 0;
        });

        key.Subcommands.Add(generate);
        key.Subcommands.Add(inspect);
        return key;
    }

    private static void Print(string secretUri, bool json)
    {
        if (!KeyDerivation.TryFromUri(secretUri, out var pair, out var error))
        {
            throw new CliError($"cannot derive a key: {error}");
        }

        using (pair)
        {
            Span<byte> seed = stackalloc byte[32];
            pair.ExportSeed(seed);
            var seedHex = Hex.Encode(seed);
            seed.Clear();
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["secretPhrase"] = secretUri,
                    ["secretSeed"] = seedHex,
                    ["publicKey"] = Hex.Encode(pair.PublicKeyBytes),
                    ["accountId"] = Hex.Encode(pair.PublicKeyBytes),
                    ["ss58Address"] = pair.PublicKey.ToSs58(),
                    ["scheme"] = "Ed25519",
                }));
                return;
            }

            Console.WriteLine($"Secret phrase:     {secretUri}");
            Console.WriteLine($"Network ID:        substrate (SS58 prefix {Ss58.DevPrefix})");
            Console.WriteLine($"Secret seed:       {seedHex}");
            Console.WriteLine($"Public key (hex):  {Hex.Encode(pair.PublicKeyBytes)}");
            Console.WriteLine($"Account ID:        {Hex.Encode(pair.PublicKeyBytes)}");
            Console.WriteLine($"SS58 Address:      {pair.PublicKey.ToSs58()}");
            Console.WriteLine("Crypto scheme:     Ed25519");
        }
    }
}
