using System.Text.Json;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Attestation;
using Veil.Protocol.Calls;

namespace Veil.Node.Tests.Chain;

/// <summary>veil_workers and veil_contracts on a real node: a worker registered with dev-root evidence, then a Wallet deployed to it.</summary>
public sealed class RegistryRpcTests
{
    private static readonly Hash256 Measurement = new(Enumerable.Repeat((byte)0x5e, 32).ToArray());

    [Fact]
    public async Task WorkersAndContracts_ListTheRegisteredWorker_AndTheDeployedWallet()
    {
        await using var node = await ChainTestNode.StartAsync(ChainTestNode.Fast, ChainSpec.Dev() with { Measurements = [Measurement] });
        Assert.Equal(0, (await node.ResultAsync("veil_workers")).GetArrayLength());
        Assert.Equal(0, (await node.ResultAsync("veil_contracts")).GetArrayLength());

        using var alice = KeyDerivation.FromUri("//Alice");
        using var root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
        using var identity = Ed25519KeyPair.Generate();
        var identityKey = new Hash256(identity.PublicKeyBytes);
        var ecdhKey = new Hash256(Enumerable.Repeat((byte)0x42, 32).ToArray());
        var reportData = ReportData.Compute(identityKey, ecdhKey, node.GenesisHash, alice.PublicKey);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var proof = root.Sign(AttestationEvidence.SigningPayload(EnclavePlatformKind.Simulated, Measurement, reportData, now));
        var evidence = new AttestationEvidence(EnclavePlatformKind.Simulated, Measurement, reportData, now, new Hash256(root.PublicKeyBytes), proof);

        var register = ChainTestNode.Sign(alice, RegistryCall.CreateRegisterWorker(evidence, identityKey, ecdhKey), 0, node.Context);
        await node.WaitFinalizedAsync(Hash256.Parse((await node.ResultAsync("author_submitExtrinsic", $"[\"{Hex.Encode(register)}\"]")).GetString()!));

        var worker = Assert.Single((await node.ResultAsync("veil_workers")).EnumerateArray());
        Assert.Equal(identityKey.ToString(), worker.GetProperty("identityKey").GetString());
        Assert.Equal(alice.PublicKey.ToSs58(), worker.GetProperty("operator").GetString());
        Assert.Equal("worker", worker.GetProperty("role").GetString());

        var deploy = ChainTestNode.Sign(alice, ContractsCall.CreateDeployBuiltin("Wallet", [identityKey]), 1, node.Context);
        await node.WaitFinalizedAsync(Hash256.Parse((await node.ResultAsync("author_submitExtrinsic", $"[\"{Hex.Encode(deploy)}\"]")).GetString()!));

        var contract = Assert.Single((await node.ResultAsync("veil_contracts")).EnumerateArray());
        Assert.Equal("Wallet", contract.GetProperty("kind").GetString());
        Assert.Equal(identityKey.ToString(), Assert.Single(contract.GetProperty("cluster").EnumerateArray()).GetString());
        Assert.Equal(JsonValueKind.Null, contract.GetProperty("ecdhKey").ValueKind);
        Assert.Equal(-32602, (await node.ErrorAsync("veil_workers", "[1]")).GetProperty("code").GetInt32());
    }
}
