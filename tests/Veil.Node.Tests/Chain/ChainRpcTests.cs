using System.Globalization;
using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Protocol.Accounts;
using Veil.Protocol.Blocks;
using Veil.Protocol.Proofs;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;

namespace Veil.Node.Tests.Chain;

/// <summary>
/// The chain's JSON-RPC methods on a real node over HTTP: Substrate's names and JSON shapes, and values
/// that decode and verify with Veil.Protocol.
/// </summary>
public sealed class ChainRpcTests
{
    private static readonly UInt128 GenesisBalance = ChainParameters.OneVeil * 1_000_000;

    /// <summary>Every method this file and its siblings test. A new method must join this list, with a test.</summary>
    private static readonly string[] Covered =
    [
        "chain_getHeader", "chain_getBlock", "chain_getBlockHash", "chain_getFinalizedHead",
        "state_getStorage", "state_getKeysPaged", "state_getRuntimeVersion",
        "author_submitExtrinsic", "author_submitAndWatchExtrinsic", "author_unwatchExtrinsic",
        "chain_subscribeNewHeads", "chain_unsubscribeNewHeads", "chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads",
        "system_health", "system_chain", "system_name", "system_version", "system_properties", "system_accountNextIndex",
        "veil_accountInfo", "veil_totalIssuance", "veil_finalityProof", "veil_transactionStatus", "veil_blockMessages",
        "veil_workers", "veil_contracts", "state_getReadProof",
        "rpc_methods",
    ];

    [Fact]
    public async Task RpcMethods_ListsExactlyTheCoveredMethods()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Never);

        var methods = (await node.ResultAsync("rpc_methods")).GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToList();

        Assert.Equal(Covered.Order(StringComparer.Ordinal), methods);
    }

    [Fact]
    public async Task ChainGetHeader_ReturnsSubstrateShape_ForHeadGenesisAndUnknownHash()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Never);

        var head = await node.ResultAsync("chain_getHeader");
        Assert.Equal("0x0", head.GetProperty("number").GetString());
        Assert.Equal(Hash256.Zero.ToString(), head.GetProperty("parentHash").GetString());
        Assert.Equal(node.GenesisHash.ToString(), head.GetProperty("hash").GetString());
        Assert.Equal(JsonValueKind.Array, head.GetProperty("digest").GetProperty("logs").ValueKind);
        foreach (var root in new[] { "stateRoot", "extrinsicsRoot", "messagesRoot" })
        {
            Assert.True(Hash256.TryParse(head.GetProperty(root).GetString(), out _), root);
        }

        var byHash = await node.ResultAsync("chain_getHeader", $"[\"{node.GenesisHash}\"]");
        Assert.Equal(head.GetRawText(), byHash.GetRawText());
        Assert.Equal(head.GetRawText(), (await node.ResultAsync("chain_getHeader", "[null]")).GetRawText());

        Assert.Equal(JsonValueKind.Null, (await node.ResultAsync("chain_getHeader", $"[\"0x{new string('1', 64)}\"]")).ValueKind);
        Assert.Equal(-32602, (await node.ErrorAsync("chain_getHeader", "[\"0x1234\"]")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ChainGetBlock_ReturnsTheTransferAndAVerifiableJustification_WhenBlockHoldsATransfer()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        var transfer = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, 0);
        var status = await TransferAsync(node, transfer);
        var blockHash = status.GetProperty("block").GetString()!;

        var response = await node.ResultAsync("chain_getBlock", $"[\"{blockHash}\"]");

        var block = response.GetProperty("block");
        Assert.Equal(blockHash, block.GetProperty("header").GetProperty("hash").GetString());
        Assert.Equal(status.GetProperty("number").GetUInt32(), ChainTestNode.ParseNumber(block.GetProperty("header").GetProperty("number")));
        var extrinsics = block.GetProperty("extrinsics").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(Hex.Encode(transfer), Assert.Single(extrinsics));

        // Substrate's justifications: [[engine id, encoded justification]]; Veil's engine id is "VEIL".
        var justification = Assert.Single(response.GetProperty("justifications").EnumerateArray().ToList());
        Assert.Equal(Hex.Encode("VEIL"u8), justification[0].GetString());
        Assert.True(FinalityProof.TryDecode(Hex.Decode(justification[1].GetString()!), out var proof, out var error), error);
        Assert.Equal(blockHash, proof.BlockHash.ToString());
        Assert.True(proof.Verify(node.GenesisHash, [DevAccounts.Alice], 1, out error), error);

        // The head block without a hash argument; null for an unknown hash.
        var head = await node.ResultAsync("chain_getBlock");
        Assert.True(ChainTestNode.ParseNumber(head.GetProperty("block").GetProperty("header").GetProperty("number")) >= status.GetProperty("number").GetUInt32());
        Assert.Equal(JsonValueKind.Null, (await node.ResultAsync("chain_getBlock", $"[\"0x{new string('2', 64)}\"]")).ValueKind);
    }

    [Fact]
    public async Task ChainGetBlockHash_ResolvesNumbersHexNumbersAndNone()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        await node.WaitForHeightAsync(2);

        var one = (await node.ResultAsync("chain_getBlockHash", "[1]")).GetString()!;
        var header = await node.ResultAsync("chain_getHeader", $"[\"{one}\"]");
        Assert.Equal("0x1", header.GetProperty("number").GetString());
        Assert.Equal(one, (await node.ResultAsync("chain_getBlockHash", "[\"0x1\"]")).GetString());
        Assert.Equal(node.GenesisHash.ToString(), (await node.ResultAsync("chain_getBlockHash", "[0]")).GetString());
        Assert.Equal(node.GenesisHash.ToString(), (await node.ResultAsync("chain_getBlockHash", "[\"0x0\"]")).GetString());
        Assert.Equal(JsonValueKind.Null, (await node.ResultAsync("chain_getBlockHash", "[4000000]")).ValueKind);

        // No number: the head, as chain_getFinalizedHead reports it (both move, so compare numbers).
        var none = (await node.ResultAsync("chain_getBlockHash")).GetString()!;
        var noneHeader = await node.ResultAsync("chain_getHeader", $"[\"{none}\"]");
        Assert.True(ChainTestNode.ParseNumber(noneHeader.GetProperty("number")) >= 2);
        var finalized = (await node.ResultAsync("chain_getFinalizedHead")).GetString()!;
        Assert.True(Hash256.TryParse(finalized, out _));
        Assert.True(ChainTestNode.ParseNumber((await node.ResultAsync("chain_getHeader", $"[\"{finalized}\"]")).GetProperty("number")) >= 2);

        foreach (var bad in new[] { "[\"12\"]", "[-1]", "[1.5]", "[\"0xzz\"]", "[true]", "[1, 2]" })
        {
            var error = await node.ErrorAsync("chain_getBlockHash", bad);
            Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public async Task StateGetStorage_DecodesAlicesAccount_AtTheHeadAndAtAHistoricBlockThroughTheTrie()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        var key = Hex.Encode(StorageKey.SystemAccount(DevAccounts.Alice));
        var transfer = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil * 2, 0);
        var status = await TransferAsync(node, transfer);
        var fee = new ChainParameters().FeeFor(transfer.Length, 0);

        var now = DecodeAccount(await node.ResultAsync("state_getStorage", $"[\"{key}\"]"));
        Assert.Equal(GenesisBalance - (ChainParameters.OneVeil * 2) - fee, now.Free);
        Assert.Equal(1u, now.Nonce);
        Assert.Equal(AccountInfo.NewLogicFlag, now.Flags);

        var atGenesis = DecodeAccount(await node.ResultAsync("state_getStorage", $"[\"{key}\", \"{node.GenesisHash}\"]"));
        Assert.Equal(GenesisBalance, atGenesis.Free);
        Assert.Equal(0u, atGenesis.Nonce);

        var atBlock = DecodeAccount(await node.ResultAsync("state_getStorage", $"[\"{key}\", \"{status.GetProperty("block").GetString()}\"]"));
        Assert.Equal(now, atBlock);

        var parent = (await node.ResultAsync("chain_getBlockHash", $"[{status.GetProperty("number").GetUInt32() - 1}]")).GetString();
        Assert.Equal(atGenesis, DecodeAccount(await node.ResultAsync("state_getStorage", $"[\"{key}\", \"{parent}\"]")));

        var absent = Hex.Encode(StorageKey.SystemAccount(new AccountId(new byte[32])));
        Assert.Equal(JsonValueKind.Null, (await node.ResultAsync("state_getStorage", $"[\"{absent}\"]")).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await node.ResultAsync("state_getStorage", $"[\"{absent}\", \"{node.GenesisHash}\"]")).ValueKind);
        Assert.Equal(4003, (await node.ErrorAsync("state_getStorage", $"[\"{key}\", \"0x{new string('3', 64)}\"]")).GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await node.ErrorAsync("state_getStorage", "[\"nothex\"]")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task StateGetReadProof_ProvesPresentAndAbsentKeys_AgainstTheHeadersStateRoot()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        var alice = StorageKey.SystemAccount(DevAccounts.Alice);
        var absent = StorageKey.SystemAccount(new AccountId(new byte[32]));

        var result = await node.ResultAsync("state_getReadProof", $"[[\"{Hex.Encode(alice)}\", \"{Hex.Encode(absent)}\"], \"{node.GenesisHash}\"]");
        Assert.Equal(node.GenesisHash.ToString(), result.GetProperty("at").GetString());
        var nodes = result.GetProperty("proof").EnumerateArray().Select(n => Hex.Decode(n.GetString()!)).ToList();
        var header = await node.ResultAsync("chain_getHeader", $"[\"{node.GenesisHash}\"]");
        var root = Hash256.Parse(header.GetProperty("stateRoot").GetString()!);

        Assert.True(StateProofVerifier.TryVerifyFromSet(root, alice, nodes, out var value, out var error), error);
        Assert.True(AccountInfo.TryDecode(value, out var info, out _));
        Assert.Equal(GenesisBalance, info.Free);
        Assert.True(StateProofVerifier.TryVerifyFromSet(root, absent, nodes, out var none, out error), error);
        Assert.Null(none);

        // A proof checked against another root, or with a node altered, proves nothing.
        Assert.False(StateProofVerifier.TryVerifyFromSet(new Hash256(Enumerable.Repeat((byte)1, 32).ToArray()), alice, nodes, out _, out _));
        var tampered = nodes.Select(n => n.ToArray()).ToList();
        foreach (var n in tampered) n[^1] ^= 1;
        Assert.False(StateProofVerifier.TryVerifyFromSet(root, alice, tampered, out _, out error));
        Assert.Contains("lacks node", error, StringComparison.Ordinal);
        Assert.Equal(-32602, (await node.ErrorAsync("state_getReadProof", "[\"notanarray\"]")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task StateGetKeysPaged_PagesThroughEveryAccount_InKeyOrder()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Never);
        var prefix = Hex.Encode(StorageKey.SystemAccountPrefix);
        var expected = DevAccounts.Names.Select(n => Hex.Encode(StorageKey.SystemAccount(DevAccounts.Account(n)))).Order(StringComparer.Ordinal).ToList();

        var all = Keys(await node.ResultAsync("state_getKeysPaged", $"[\"{prefix}\", 1000]"));
        Assert.Equal(expected, all);

        var paged = new List<string>();
        string? start = null;
        while (true)
        {
            var page = Keys(await node.ResultAsync("state_getKeysPaged", start is null ? $"[\"{prefix}\", 4]" : $"[\"{prefix}\", 4, \"{start}\"]"));
            Assert.True(page.Count <= 4);
            if (page.Count == 0) break;
            paged.AddRange(page);
            start = page[^1];
        }

        Assert.Equal(expected, paged);

        // By name, at the head hash; and the limits.
        var named = Keys(await node.ResultAsync("state_getKeysPaged", $$"""{"prefix":"{{prefix}}","count":2,"at":"{{node.GenesisHash}}"}"""));
        Assert.Equal(expected.Take(2), named);
        Assert.Empty(Keys(await node.ResultAsync("state_getKeysPaged", $"[\"{prefix}\", 0]")));
        Assert.Equal(4002, (await node.ErrorAsync("state_getKeysPaged", $"[\"{prefix}\", 1001]")).GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await node.ErrorAsync("state_getKeysPaged", $"[\"{prefix}\"]")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task RuntimeAndSystemMethods_ReturnSubstrateShapes()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Never);

        var version = await node.ResultAsync("state_getRuntimeVersion");
        Assert.Equal(RuntimeVersion.SpecName, version.GetProperty("specName").GetString());
        Assert.Equal(RuntimeVersion.ImplName, version.GetProperty("implName").GetString());
        Assert.Equal(node.Context.SpecVersion, version.GetProperty("specVersion").GetUInt32());
        Assert.Equal(node.Context.TransactionVersion, version.GetProperty("transactionVersion").GetUInt32());
        Assert.Equal(JsonValueKind.Array, version.GetProperty("apis").ValueKind);
        Assert.Equal(JsonValueKind.Number, version.GetProperty("stateVersion").ValueKind);

        var health = await node.ResultAsync("system_health");
        Assert.Equal(0, health.GetProperty("peers").GetInt32());
        Assert.False(health.GetProperty("isSyncing").GetBoolean());
        Assert.False(health.GetProperty("shouldHavePeers").GetBoolean());

        Assert.Equal("Veil Development", (await node.ResultAsync("system_chain")).GetString());
        Assert.Equal("Veil", (await node.ResultAsync("system_name")).GetString());
        Assert.False(string.IsNullOrWhiteSpace((await node.ResultAsync("system_version")).GetString()));

        var properties = await node.ResultAsync("system_properties");
        Assert.Equal(42, properties.GetProperty("ss58Format").GetInt32());
        Assert.Equal(12, properties.GetProperty("tokenDecimals").GetInt32());
        Assert.Equal("VEIL", properties.GetProperty("tokenSymbol").GetString());
    }

    [Fact]
    public async Task SystemAccountNextIndex_CountsPooledTransactions_BeforeTheyAreSealed()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Never);
        var alice = DevAccounts.Alice.ToSs58();
        Assert.Equal(0, (await node.ResultAsync("system_accountNextIndex", $"[\"{alice}\"]")).GetInt32());

        var hashes = new List<string>();
        for (uint nonce = 0; nonce < 3; nonce++)
        {
            hashes.Add((await node.SubmitAsync(node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil, nonce))).GetProperty("result").GetString()!);
        }

        Assert.Equal(3, (await node.ResultAsync("system_accountNextIndex", $"[\"{alice}\"]")).GetInt32());
        Assert.Equal(3, (await node.ResultAsync("system_accountNextIndex", $"[\"{Hex.Encode(DevAccounts.Alice.ToArray())}\"]")).GetInt32());
        Assert.Equal(0, (await node.ResultAsync("system_accountNextIndex", $"[\"{DevAccounts.Bob.ToSs58()}\"]")).GetInt32());
        Assert.Equal(-32602, (await node.ErrorAsync("system_accountNextIndex", "[\"5notAnAddress\"]")).GetProperty("code").GetInt32());

        // Pooled, not yet on chain: the account still shows nonce 0, and each transaction is "ready".
        var info = await node.ResultAsync("veil_accountInfo", $"[\"{alice}\"]");
        Assert.Equal(0, info.GetProperty("nonce").GetInt32());
        foreach (var hash in hashes)
        {
            Assert.Equal("ready", (await node.ResultAsync("veil_transactionStatus", $"[\"{hash}\"]")).GetString());
        }
    }

    [Fact]
    public async Task VeilAccountInfoAndTotalIssuance_TrackATransferAndItsBurnedFee()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        Assert.Equal("6000000000000000000", (await node.ResultAsync("veil_totalIssuance")).GetString());
        var bob = await node.ResultAsync("veil_accountInfo", $"[\"{DevAccounts.Bob.ToSs58()}\"]");
        Assert.Equal(DevAccounts.Bob.ToSs58(), bob.GetProperty("address").GetString());
        Assert.Equal(GenesisBalance.ToString(CultureInfo.InvariantCulture), bob.GetProperty("free").GetString());
        Assert.Equal("0", bob.GetProperty("reserved").GetString());
        Assert.Equal(0, bob.GetProperty("nonce").GetInt32());

        var transfer = node.Transfer("//Alice", DevAccounts.Bob, ChainParameters.OneVeil * 3 / 2, 0);
        await TransferAsync(node, transfer);
        var fee = new ChainParameters().FeeFor(transfer.Length, 0);

        var after = await node.ResultAsync("veil_accountInfo", $"[\"{DevAccounts.Bob.ToSs58()}\"]");
        Assert.Equal((GenesisBalance + (ChainParameters.OneVeil * 3 / 2)).ToString(CultureInfo.InvariantCulture), after.GetProperty("free").GetString());
        var alice = await node.ResultAsync("veil_accountInfo", $"[\"{Hex.Encode(DevAccounts.Alice.ToArray())}\"]");
        Assert.Equal((GenesisBalance - (ChainParameters.OneVeil * 3 / 2) - fee).ToString(CultureInfo.InvariantCulture), alice.GetProperty("free").GetString());
        Assert.Equal(1, alice.GetProperty("nonce").GetInt32());
        Assert.Equal(((ChainParameters.OneVeil * 6_000_000) - fee).ToString(CultureInfo.InvariantCulture), (await node.ResultAsync("veil_totalIssuance")).GetString());

        // An account nobody funded reads as zero, not an error.
        var nobody = await node.ResultAsync("veil_accountInfo", $"[\"{Hex.Encode(new byte[32])}\"]");
        Assert.Equal("0", nobody.GetProperty("free").GetString());
        Assert.Equal(-32602, (await node.ErrorAsync("veil_accountInfo", "[42]")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task VeilFinalityProof_VerifiesForTheAuthority_AndNotForAnotherChainOrAuthority()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        await node.WaitForHeightAsync(1);
        var one = (await node.ResultAsync("chain_getBlockHash", "[1]")).GetString()!;

        var hex = (await node.ResultAsync("veil_finalityProof", $"[\"{one}\"]")).GetString()!;

        Assert.True(FinalityProof.TryDecode(Hex.Decode(hex), out var proof, out var error), error);
        Assert.Equal(one, proof.BlockHash.ToString());
        Assert.Equal(1u, proof.Number);
        Assert.True(proof.Verify(node.GenesisHash, [DevAccounts.Alice], 1, out error), error);
        Assert.False(proof.Verify(new Hash256(new byte[32]), [DevAccounts.Alice], 1, out _));
        Assert.False(proof.Verify(node.GenesisHash, [DevAccounts.Bob], 1, out _));

        var head = (await node.ResultAsync("veil_finalityProof")).GetString()!;
        Assert.True(FinalityProof.TryDecode(Hex.Decode(head), out var headProof, out error), error);
        Assert.True(headProof.Number >= 1);
        Assert.Equal(JsonValueKind.Null, (await node.ResultAsync("veil_finalityProof", $"[\"0x{new string('4', 64)}\"]")).ValueKind);
    }

    [Fact]
    public async Task VeilTransactionStatus_ReportsUnknownThenWhereItWasFinalized()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        var transfer = node.Transfer("//Alice", DevAccounts.Charlie, ChainParameters.OneVeil, 0);
        var hash = Veil.Core.Hashing.Blake2b.Hash256(transfer);
        Assert.Equal("unknown", (await node.ResultAsync("veil_transactionStatus", $"[\"{hash}\"]")).GetString());

        var status = await TransferAsync(node, transfer);

        Assert.Equal("finalized", status.GetProperty("status").GetString());
        Assert.Equal(0, status.GetProperty("index").GetInt32());
        var blockHash = (await node.ResultAsync("chain_getBlockHash", $"[{status.GetProperty("number").GetUInt32()}]")).GetString();
        Assert.Equal(blockHash, status.GetProperty("block").GetString());
        Assert.Equal(-32602, (await node.ErrorAsync("veil_transactionStatus", "[\"0x12\"]")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task VeilBlockMessages_ReturnsAnEmptyScaleVector_WhenABlockDeliveredNoMessages()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast);
        await node.WaitForHeightAsync(1);
        var one = (await node.ResultAsync("chain_getBlockHash", "[1]")).GetString()!;

        Assert.Equal("0x00", (await node.ResultAsync("veil_blockMessages", $"[\"{one}\"]")).GetString());
        Assert.Equal(JsonValueKind.Null, (await node.ResultAsync("veil_blockMessages", $"[\"0x{new string('5', 64)}\"]")).ValueKind);
    }

    /// <summary>Submits over HTTP and waits until veil_transactionStatus reports the block.</summary>
    internal static async Task<JsonElement> TransferAsync(ChainTestNode node, byte[] extrinsic)
    {
        var response = await node.SubmitAsync(extrinsic);
        Assert.False(response.TryGetProperty("error", out var error), error.ToString());
        var hash = Hash256.Parse(response.GetProperty("result").GetString()!);
        Assert.Equal(Veil.Core.Hashing.Blake2b.Hash256(extrinsic), hash);
        return await node.WaitFinalizedAsync(hash);
    }

    private static AccountInfo DecodeAccount(JsonElement hex)
    {
        Assert.True(AccountInfo.TryDecode(Hex.Decode(hex.GetString()!), out var info, out var error), error);
        return info;
    }

    private static List<string> Keys(JsonElement array) => array.EnumerateArray().Select(k => k.GetString()!).ToList();
}
