using System.Globalization;
using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Protocol.Accounts;

namespace Veil.Chain.Spec;

/// <summary>
/// A chain's genesis and fixed settings, loaded from JSON. Accounts may be SS58 addresses or secret URIs
/// of dev accounts (<c>//Alice</c>); amounts are base-unit integers as strings (u128 exceeds JSON numbers).
/// <code>
/// { "name": "Veil Development", "id": "veil_dev", "ss58Format": 42, "tokenSymbol": "VEIL",
///   "authorities": ["//Alice"], "balances": [["//Alice", "1000000000000000000"]],
///   "parameters": { "existentialDeposit": "10000000000", "baseFee": "1000000000", "byteFee": "1000000" } }
/// </code>
/// </summary>
public sealed record ChainSpec
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    public ushort Ss58Format { get; init; } = Ss58.DevPrefix;

    public string TokenSymbol { get; init; } = "VEIL";

    public required IReadOnlyList<AccountId> Authorities { get; init; }

    public required IReadOnlyList<(AccountId Account, UInt128 Amount)> Balances { get; init; }

    public ChainParameters Parameters { get; init; } = new();

    /// <summary>Attestation roots whose evidence the Registry trusts (Ed25519 public keys).</summary>
    public IReadOnlyList<Hash256> AttestationRoots { get; init; } = [];

    /// <summary>Enclave measurements allowed to register as workers.</summary>
    public IReadOnlyList<Hash256> Measurements { get; init; } = [];

    /// <summary>Identity keys of enclaves that take the gatekeeper role when they register (genesis for now).</summary>
    public IReadOnlyList<Hash256> Gatekeepers { get; init; } = [];

    public static readonly string[] DevAccountNames = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

    /// <summary>The built-in development chain: Alice authors; each dev account holds 1,000,000 VEIL.</summary>
    public static ChainSpec Dev()
    {
        var balances = new List<(AccountId, UInt128)>();
        foreach (var name in DevAccountNames)
        {
            balances.Add((AccountResolver.Resolve("//" + name), ChainParameters.OneVeil * 1_000_000));
        }

        return new ChainSpec
        {
            Name = "Veil Development",
            Id = "veil_dev",
            Authorities = [AccountResolver.Resolve("//Alice")],
            Balances = balances,
            AttestationRoots = [DevAttestationRoot],
        };
    }

    /// <summary>The dev chains' attestation root: the simulated enclave platform signs with it. Never trusted by a real chain.</summary>
    public static Hash256 DevAttestationRoot
    {
        get
        {
            var account = AccountResolver.Resolve(Veil.Protocol.Attestation.AttestationPolicy.DevAttestationRootUri);
            return new Hash256(account.ToArray());
        }
    }

    public static ChainSpec Load(string nameOrPath)
    {
        if (nameOrPath == "dev")
        {
            return Dev();
        }

        if (!File.Exists(nameOrPath))
        {
            throw new ChainSpecException($"chain spec '{nameOrPath}' is neither 'dev' nor an existing file");
        }

        return Parse(File.ReadAllText(nameOrPath));
    }

    public static ChainSpec Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ChainSpecException($"chain spec is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ChainSpecException("chain spec must be a JSON object");
            var authorities = new List<AccountId>();
            foreach (var item in RequireArray(root, "authorities"))
            {
                authorities.Add(ResolveAccount(item, "authorities[]"));
            }

            if (authorities.Count == 0) throw new ChainSpecException("chain spec needs at least one authority");

            var balances = new List<(AccountId, UInt128)>();
            UInt128 total = 0;
            foreach (var item in RequireArray(root, "balances"))
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2)
                {
                    throw new ChainSpecException("each balances entry must be [account, amount]");
                }

                var amount = ParseAmount(item[1], "balances[][1]");
                try
                {
                    total = checked(total + amount);
                }
                catch (OverflowException)
                {
                    throw new ChainSpecException("genesis balances add up to more than u128");
                }

                balances.Add((ResolveAccount(item[0], "balances[][0]"), amount));
            }

            var parameters = new ChainParameters();
            if (root.TryGetProperty("parameters", out var p))
            {
                // TryGetProperty below throws InvalidOperationException on a non-object.
                if (p.ValueKind != JsonValueKind.Object) throw new ChainSpecException("chain spec field 'parameters' must be an object");
                parameters = parameters with
                {
                    ExistentialDeposit = p.TryGetProperty("existentialDeposit", out var ed) ? ParseAmount(ed, "parameters.existentialDeposit") : parameters.ExistentialDeposit,
                    BaseFee = p.TryGetProperty("baseFee", out var bf) ? ParseAmount(bf, "parameters.baseFee") : parameters.BaseFee,
                    ByteFee = p.TryGetProperty("byteFee", out var yf) ? ParseAmount(yf, "parameters.byteFee") : parameters.ByteFee,
                };
            }

            return new ChainSpec
            {
                Name = RequireString(root, "name"),
                Id = RequireString(root, "id"),
                Ss58Format = ParseSs58Format(root),
                TokenSymbol = root.TryGetProperty("tokenSymbol", out _) ? RequireString(root, "tokenSymbol") : "VEIL",
                Authorities = authorities,
                Balances = balances,
                Parameters = parameters,
                AttestationRoots = OptionalHashes(root, "attestationRoots"),
                Measurements = OptionalHashes(root, "measurements"),
                Gatekeepers = OptionalHashes(root, "gatekeepers"),
            };
        }
    }

    // A present but unusable value is an error rather than a silent fallback to 42: addresses shown for the
    // wrong network are a user-facing mistake, and Ss58.Encode would throw later for 46, 47 or > 16383.
    private static ushort ParseSs58Format(JsonElement root)
    {
        if (!root.TryGetProperty("ss58Format", out var value))
        {
            return Ss58.DevPrefix;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out var format) && format <= 16383 && format is not (46 or 47)
            ? format
            : throw new ChainSpecException("chain spec field 'ss58Format' must be an integer from 0 to 16383 (46 and 47 are reserved)");
    }

    private static List<Hash256> OptionalHashes(JsonElement root, string name)
    {
        var list = new List<Hash256>();
        if (!root.TryGetProperty(name, out _)) return list;
        foreach (var item in RequireArray(root, name))
        {
            if (item.ValueKind != JsonValueKind.String || !Hash256.TryParse(item.GetString(), out var hash))
            {
                throw new ChainSpecException($"chain spec field '{name}' must hold 0x-prefixed 32-byte hex values");
            }

            list.Add(hash);
        }

        return list;
    }

    private static JsonElement.ArrayEnumerator RequireArray(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new ChainSpecException($"chain spec field '{name}' must be an array");

    private static string RequireString(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new ChainSpecException($"chain spec field '{name}' must be a non-empty string");

    private static AccountId ResolveAccount(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String) throw new ChainSpecException($"{field} must be a string (SS58 address or //Name)");
        try
        {
            return AccountResolver.Resolve(value.GetString()!);
        }
        catch (FormatException ex)
        {
            throw new ChainSpecException($"{field}: {ex.Message}");
        }
    }

    private static UInt128 ParseAmount(JsonElement value, string field)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return text is not null && UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new ChainSpecException($"{field} must be a non-negative integer amount in base units");
    }
}
