using Veil.Core;
using Veil.Enclave.LightClient;
using Veil.Protocol.Blocks;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Tests.LightClient;

public class ChainLightClientTests
{
    [Fact]
    public void TryAccept_AcceptsEveryBlock_WhenFedInOrder()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 4, messagesPerBlock: 3);
        var client = chain.NewLightClient();
        var delivered = new List<DeliveredMessage>();

        foreach (var bundle in bundles)
        {
            Assert.True(client.TryAccept(bundle, delivered.Add, out var error), error);
            Assert.Equal(bundle.Header.Number, client.LastNumber);
            Assert.Equal(bundle.Header.Hash, client.LastHash);
        }

        Assert.Equal(chain.Chain.Head.Hash, client.LastHash);
        Assert.Equal(12, delivered.Count);
        for (var i = 0; i < delivered.Count; i++)
        {
            Assert.Equal((uint)(1 + (i / 3)), delivered[i].BlockNumber);
            Assert.Equal(i % 3, delivered[i].Index);
            Assert.Same(bundles[i / 3].Messages[i % 3], delivered[i].Message);
        }
    }

    [Fact]
    public void TryAccept_DeliversTheChainsMessages_WhenBlockHoldsSeveralPushes()
    {
        var chain = new BundleChain();
        chain.Push("Alice", [1, 2, 3]);
        chain.Push("Bob", [4]);
        chain.Push("Alice", [5, 6]);
        var block = chain.Produce();
        var client = chain.NewLightClient();
        var delivered = new List<DeliveredMessage>();

        Assert.True(client.TryAccept(chain.Bundle(1), delivered.Add, out var error), error);

        Assert.Equal(3, block.Block.Extrinsics.Count);
        Assert.Equal(3, delivered.Count);
        var payloads = delivered.Select(d => Convert.ToHexString(d.Message.Payload)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["010203", "04", "0506"], payloads);
        Assert.All(delivered, d => Assert.Equal(BundleChain.Topic, d.Message.Topic));
        Assert.Contains(delivered, d => d.Message.Sender == Origin.Account(BundleChain.Key("Bob").PublicKey));
    }

    [Fact]
    public void TryAccept_AcceptsAnEmptyBlock_WhenItHasNoMessages()
    {
        var chain = new BundleChain();
        chain.Produce();
        var client = chain.NewLightClient();
        var delivered = 0;

        Assert.True(client.TryAccept(chain.Bundle(1), _ => delivered++, out var error), error);

        Assert.Equal(0, delivered);
        Assert.Equal(1u, client.LastNumber);
    }

    [Fact]
    public void TryAccept_RefusesAndKeepsState_WhenABlockIsSkipped()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 3, messagesPerBlock: 1);
        var client = chain.NewLightClient();
        Assert.True(client.TryAccept(bundles[0], out var error), error);
        var before = client.State;

        Assert.False(client.TryAccept(bundles[2], out error));

        Assert.Equal("block #3 does not extend #1 (expected #2)", error);
        Assert.Equal(before, client.State);
        Assert.True(client.TryAccept(bundles[1], out error), error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TryAccept_RefusesAsStale_WhenABlockIsReplayed(int replayed)
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 3, messagesPerBlock: 2);
        var client = chain.NewLightClient();
        Assert.True(client.TryAccept(bundles[0], out var error), error);
        Assert.True(client.TryAccept(bundles[1], out error), error);
        var before = client.State;
        var delivered = 0;

        Assert.False(client.TryAccept(bundles[replayed], _ => delivered++, out error));

        Assert.Equal($"stale block: #{replayed + 1} already accepted (last accepted #2)", error);
        Assert.Equal(0, delivered);
        Assert.Equal(before, client.State);
        Assert.True(client.TryAccept(bundles[2], out error), error);
    }

    [Fact]
    public void TryAccept_RefusesTheFirstOutOfOrderBlock_WhenBlocksAreReordered()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 3, messagesPerBlock: 1);
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(bundles[1], out var error));
        Assert.Equal("block #2 does not extend #0 (expected #1)", error);
        Assert.Equal(0u, client.LastNumber);

        var result = client.AcceptBatch([bundles[0], bundles[2], bundles[1]], null);

        Assert.Equal(1, result.Accepted);
        Assert.Equal(3, result.Offered);
        Assert.False(result.IsComplete);
        Assert.Equal("bundle 1 of 3 refused: block #3 does not extend #1 (expected #2)", result.Error);
        Assert.Equal(bundles[0].Header.Hash, client.LastHash);
    }

    [Fact]
    public void TryAccept_RefusesParentHashMismatch_WhenTheLightClientFollowsAnotherChain()
    {
        var chain = new BundleChain();
        chain.Produce();
        var otherGenesis = new Hash256(Enumerable.Repeat((byte)0x42, 32).ToArray());
        var client = new ChainLightClient(otherGenesis, chain.Authorities, 1);

        Assert.False(client.TryAccept(chain.Bundle(1), out var error));

        Assert.StartsWith("block #1: parent hash mismatch", error, StringComparison.Ordinal);
        Assert.Equal(LightClientState.AtGenesis(otherGenesis, chain.Authorities, 1), client.State);
    }

    [Fact]
    public void TryAccept_RefusesProofForAnotherNumber_WhenRelayerReusesAnOlderProof()
    {
        var chain = new BundleChain();
        chain.ProduceBundles(count: 2, messagesPerBlock: 0);
        var client = chain.NewLightClient();
        Assert.True(client.TryAccept(chain.Bundle(1), out var error), error);
        var bundle = chain.Bundle(2) with { Proof = chain.Bundle(1).Proof };

        Assert.False(client.TryAccept(bundle, out error));

        Assert.Equal("block #2: the finality proof is for block #1", error);
        Assert.Equal(1u, client.LastNumber);
    }

    [Fact]
    public void TryAccept_RefusesProofForAnotherBlock_WhenAForkHasTheSameNumber()
    {
        var chain = new BundleChain();
        chain.Produce();
        var fork = new BundleChain(startMs: 1_800_000_000_000);
        fork.Produce();
        var bundle = chain.Bundle(1) with { Proof = fork.Bundle(1).Proof };
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(bundle, out var error));

        Assert.Contains("block #1: the finality proof is for block " + fork.Bundle(1).Header.Hash, error, StringComparison.Ordinal);
        Assert.Contains("not this header", error, StringComparison.Ordinal);
        Assert.Equal(0u, client.LastNumber);
    }

    [Fact]
    public void TryAccept_RefusesAndKeepsState_WhenTheProofIsEmpty()
    {
        var chain = new BundleChain();
        chain.Produce();
        var genuine = chain.Bundle(1);
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(genuine with { Proof = genuine.Proof with { Signatures = [] } }, out var error));

        Assert.Equal("block #1: the finality proof has no signatures; 1 needed", error);
        Assert.Equal(0u, client.LastNumber);
        Assert.True(client.TryAccept(genuine, out error), error);
    }

    [Fact]
    public void TryAccept_RefusesUnknownAuthority_WhenProofIsSignedByANonAuthorityKey()
    {
        var chain = new BundleChain();
        chain.Produce();
        var genuine = chain.Bundle(1);
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(genuine with { Proof = chain.SignProof(genuine.Header, "Bob") }, out var error));

        Assert.Equal($"block #1: finality proof signed by unknown authority {BundleChain.Key("Bob").PublicKey} (not in the authority set of 1)", error);
        Assert.Equal(0u, client.LastNumber);
    }

    [Fact]
    public void TryAccept_RefusesUnknownAuthority_WhenANonAuthoritySignatureIsAddedToAValidProof()
    {
        var chain = new BundleChain();
        chain.Produce();
        var genuine = chain.Bundle(1);
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(genuine with { Proof = chain.SignProof(genuine.Header, "Alice", "Mallory") }, out var error));

        Assert.Contains("finality proof signed by unknown authority " + BundleChain.Key("Mallory").PublicKey, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAccept_RefusesBadSignature_WhenTheAuthoritySignatureIsTampered()
    {
        var chain = new BundleChain();
        chain.Produce();
        var genuine = chain.Bundle(1);
        var signature = (byte[])genuine.Proof.Signatures[0].Signature.Clone();
        signature[17] ^= 0x04;
        var tampered = genuine with { Proof = genuine.Proof with { Signatures = [genuine.Proof.Signatures[0] with { Signature = signature }] } };
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(tampered, out var error));

        Assert.Equal($"block #1: finality signature by {BundleChain.Key("Alice").PublicKey} does not verify", error);
        Assert.Equal(0u, client.LastNumber);
    }

    [Fact]
    public void TryAccept_RefusesBadSignature_WhenTheProofWasSignedForAnotherChain()
    {
        var chain = new BundleChain();
        chain.Produce();
        var genuine = chain.Bundle(1);
        var otherGenesis = new Hash256(Enumerable.Repeat((byte)0x42, 32).ToArray());
        var payload = FinalityProof.SigningPayload(otherGenesis, 1, genuine.Header.Hash);
        var alice = BundleChain.Key("Alice");
        var replayed = genuine with { Proof = new FinalityProof(genuine.Header.Hash, 1, [new AuthoritySignature(alice.PublicKey, alice.Sign(payload))]) };
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(replayed, out var error));

        Assert.Contains("does not verify", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAccept_AcceptsOnlyAQuorum_WhenThresholdIsARaftMajority()
    {
        var chain = new BundleChain();
        chain.Produce();
        var header = chain.Bundle(1).Header;
        var authorities = new[] { "Alice", "Bob", "Charlie" }.Select(n => BundleChain.Key(n).PublicKey).ToArray();
        var threshold = ChainLightClient.MajorityThreshold(authorities.Length);
        var client = new ChainLightClient(chain.GenesisHash, authorities, threshold);
        var bundle = chain.Bundle(1);

        Assert.False(client.TryAccept(bundle with { Proof = chain.SignProof(header, "Charlie") }, out var error));
        Assert.Equal("block #1: finality proof has 1 valid authority signature(s); 2 needed", error);
        Assert.False(client.TryAccept(bundle with { Proof = chain.SignProof(header, "Alice", "Alice") }, out error));
        Assert.Equal($"block #1: finality proof signed twice by authority {authorities[0]}", error);
        Assert.Equal(0u, client.LastNumber);

        Assert.True(client.TryAccept(bundle with { Proof = chain.SignProof(header, "Charlie", "Alice") }, out error), error);
        Assert.Equal(1u, client.LastNumber);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void MajorityThreshold_IsMoreThanHalf_WhenCountIsGiven(int count, int expected)
        => Assert.Equal(expected, ChainLightClient.MajorityThreshold(count));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(7, 5)]
    public void ByzantineThreshold_IsMoreThanTwoThirds_WhenCountIsGiven(int count, int expected)
        => Assert.Equal(expected, ChainLightClient.ByzantineThreshold(count));

    [Fact]
    public void Constructor_Throws_WhenThresholdOrAuthoritiesAreInvalid()
    {
        var genesis = new Hash256(Enumerable.Repeat((byte)1, 32).ToArray());
        var alice = BundleChain.Key("Alice").PublicKey;

        Assert.Throws<ArgumentException>(() => new ChainLightClient(genesis, [], 1));
        Assert.Throws<ArgumentException>(() => new ChainLightClient(genesis, [alice], 0));
        Assert.Throws<ArgumentException>(() => new ChainLightClient(genesis, [alice], 2));
        Assert.Throws<ArgumentException>(() => new ChainLightClient(genesis, [alice, alice], 1));
    }

    [Fact]
    public void TryAccept_ContinuesFromACheckpoint_WhenResumedFromEncodedState()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 3, messagesPerBlock: 1);
        var client = chain.NewLightClient();
        Assert.True(client.TryAccept(bundles[0], out var error), error);
        Assert.True(client.TryAccept(bundles[1], out error), error);

        Assert.True(LightClientState.TryDecode(client.State.Encode(), out var state, out error), error);
        var resumed = new ChainLightClient(state);

        Assert.False(resumed.TryAccept(bundles[1], out error));
        Assert.StartsWith("stale block: #2", error, StringComparison.Ordinal);
        Assert.True(resumed.TryAccept(bundles[2], out error), error);
        Assert.Equal(chain.Chain.Head.Hash, resumed.LastHash);
    }
}
