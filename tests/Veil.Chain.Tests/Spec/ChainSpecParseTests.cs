using Veil.Chain.Runtime;
using Veil.Chain.Spec;

namespace Veil.Chain.Tests.Spec;

public class ChainSpecParseTests
{
    private const string Alice = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu";

    private const string Valid = """
        { "name": "Veil Test", "id": "veil_test", "ss58Format": 42, "tokenSymbol": "VEIL",
          "authorities": ["//Alice"],
          "balances": [["//Alice", "1000000000000000000"], ["5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu", 5]],
          "parameters": { "existentialDeposit": "7", "baseFee": "8", "byteFee": "9" } }
        """;

    [Fact]
    public void Parse_ReadsEveryField_WhenSpecIsValid()
    {
        var spec = ChainSpec.Parse(Valid);

        Assert.Equal(("Veil Test", "veil_test", (ushort)42, "VEIL"), (spec.Name, spec.Id, spec.Ss58Format, spec.TokenSymbol));
        Assert.Equal([TestChain.Account("Alice")], spec.Authorities);
        Assert.Equal([(TestChain.Account("Alice"), (UInt128)1_000_000_000_000_000_000), (TestChain.Account("Alice"), (UInt128)5)], spec.Balances);
        Assert.Equal(new ChainParameters { ExistentialDeposit = 7, BaseFee = 8, ByteFee = 9 }, spec.Parameters);
        Assert.Equal(Alice, TestChain.Account("Alice").ToSs58());
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{ "name": "n", "id": "i", "balances": [] }""", "'authorities' must be an array")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": "//Alice", "balances": [] }""", "'authorities' must be an array")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": [], "balances": [] }""", "at least one authority")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"] }""", "'balances' must be an array")]
    [InlineData("""{ "id": "i", "authorities": ["//Alice"], "balances": [] }""", "'name' must be a non-empty string")]
    [InlineData("""{ "name": "", "id": "i", "authorities": ["//Alice"], "balances": [] }""", "'name' must be a non-empty string")]
    [InlineData("""{ "name": "n", "authorities": ["//Alice"], "balances": [] }""", "'id' must be a non-empty string")]
    [InlineData("""{ "name": "n", "id": 5, "authorities": ["//Alice"], "balances": [] }""", "'id' must be a non-empty string")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["5NotAnAddress"], "balances": [] }""", "authorities[]")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": [42], "balances": [] }""", "authorities[] must be a string")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpv", "1"]] }""", "balances[][0]")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice"]] }""", "each balances entry must be [account, amount]")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [{"//Alice": "1"}] }""", "each balances entry must be [account, amount]")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", "-1"]] }""", "balances[][1] must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", -1]] }""", "balances[][1] must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", "1.5"]] }""", "balances[][1] must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", 1e3]] }""", "balances[][1] must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", " 1"]] }""", "balances[][1] must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", null]] }""", "balances[][1] must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", "340282366920938463463374607431768211456"]] }""", "balances[][1] must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [["//Alice", "340282366920938463463374607431768211455"], ["//Bob", "1"]] }""", "genesis balances add up to more than u128")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [], "parameters": { "existentialDeposit": "ten" } }""", "parameters.existentialDeposit must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [], "parameters": { "baseFee": -1 } }""", "parameters.baseFee must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [], "parameters": { "byteFee": "340282366920938463463374607431768211456" } }""", "parameters.byteFee must be a non-negative integer")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [], "parameters": 5 }""", "'parameters' must be an object")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [], "ss58Format": 70000 }""", "'ss58Format' must be an integer from 0 to 16383")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [], "ss58Format": "42" }""", "'ss58Format' must be an integer from 0 to 16383")]
    [InlineData("""{ "name": "n", "id": "i", "authorities": ["//Alice"], "balances": [], "tokenSymbol": 1 }""", "'tokenSymbol' must be a non-empty string")]
    public void Parse_ThrowsChainSpecExceptionNamingTheField_WhenSpecIsInvalid(string json, string expected)
    {
        var ex = Assert.Throws<ChainSpecException>(() => ChainSpec.Parse(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThrowsChainSpecException_WhenFileDoesNotExist()
    {
        var ex = Assert.Throws<ChainSpecException>(() => ChainSpec.Load("/nonexistent/veil-spec.json"));

        Assert.Contains("neither 'dev' nor an existing file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BuildsTheSameGenesisAsDev_WhenSpecListsTheDevBalances()
    {
        var dev = ChainSpec.Dev();
        var balances = string.Join(", ", ChainSpec.DevAccountNames.Select(n => $"""["//{n}", "1000000000000000000"]"""));
        var spec = ChainSpec.Parse($$"""{ "name": "Veil Development", "id": "veil_dev", "authorities": ["//Alice"], "balances": [{{balances}}], "attestationRoots": ["{{ChainSpec.DevAttestationRoot}}"] }""");

        var fromJson = ChainService.Open(spec, new Veil.Storage.MemoryStore());
        var builtIn = ChainService.Open(dev, new Veil.Storage.MemoryStore());
        Assert.Equal(builtIn.GenesisHash, fromJson.GenesisHash);
        Assert.Equal(dev.Parameters, spec.Parameters);
    }

    [Fact]
    public void Open_GivesDifferentGenesis_WhenOnlyAuthoritiesParametersOrAttestationConfigDiffer()
    {
        var dev = ChainSpec.Dev();
        var genesis = ChainService.Open(dev, new Veil.Storage.MemoryStore()).GenesisHash;
        ChainSpec[] variants =
        [
            dev with { Authorities = [Veil.Protocol.Accounts.AccountResolver.Resolve("//Bob")] },
            dev with { Parameters = dev.Parameters with { BaseFee = dev.Parameters.BaseFee + 1 } },
            dev with { AttestationRoots = [] },
            dev with { Measurements = [Veil.Core.Hash256.Zero] },
            dev with { Gatekeepers = [Veil.Core.Hash256.Zero] },
        ];
        foreach (var variant in variants)
        {
            Assert.NotEqual(genesis, ChainService.Open(variant, new Veil.Storage.MemoryStore()).GenesisHash);
        }
    }

    [Fact]
    public void Parse_Throws_WhenAnAttestationListHoldsSomethingOtherThanHashes()
    {
        var ex = Assert.Throws<ChainSpecException>(() => ChainSpec.Parse("""{ "name": "x", "id": "x", "authorities": ["//Alice"], "balances": [], "measurements": ["0x12"] }"""));
        Assert.Contains("measurements", ex.Message, StringComparison.Ordinal);
    }
}
