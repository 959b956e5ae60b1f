using Veil.Chain;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Protocol.Blocks;
using Veil.Storage;

namespace Veil.Consensus.Raft.Tests;

/// <summary>What the leader does with votes from the network: only authorities' valid signatures for the next blocks count.</summary>
public sealed class FinalityVoteTests
{
    [Fact]
    public void SubmitVote_RefusesForgedUnknownAndFarVotes_AcceptsAValidOne()
    {
        using var alice = KeyDerivation.FromUri("//Alice");
        using var bob = KeyDerivation.FromUri("//Bob");
        using var mallory = KeyDerivation.FromUri("//Mallory");
        var spec = ChainSpec.Dev() with { Authorities = [alice.PublicKey, bob.PublicKey] };
        var chain = ChainService.Open(spec, new MemoryStore());
        var options = new RaftOptions
        {
            EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1),
            Members = [new ValidatorPeer(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), "ws://127.0.0.1:1")],
            LogDirectory = Path.Combine(Path.GetTempPath(), "unused"),
        };
        var consensus = new RaftConsensus(chain, alice, options, new NoChannel());
        var hash = new Hash256(Enumerable.Repeat((byte)7, 32).ToArray());
        FinalityVote Vote(Veil.Crypto.Ed25519KeyPair key, uint number, Hash256 signed)
            => new(hash, number, new AuthoritySignature(key.PublicKey, key.Sign(FinalityProof.SigningPayload(chain.GenesisHash, number, signed))));

        Assert.False(consensus.SubmitVote(Vote(mallory, 1, hash), out var error));
        Assert.Contains("not an authority", error, StringComparison.Ordinal);
        Assert.False(consensus.SubmitVote(Vote(bob, 1, new Hash256(new byte[32])), out error));
        Assert.Contains("does not verify", error, StringComparison.Ordinal);
        Assert.False(consensus.SubmitVote(Vote(bob, 9, hash), out error));
        Assert.Contains("too far ahead", error, StringComparison.Ordinal);
        Assert.True(consensus.SubmitVote(Vote(bob, 1, hash), out error), error);
    }

    [Fact]
    public void Constructor_RefusesAKeyThatIsNoAuthority()
    {
        using var mallory = KeyDerivation.FromUri("//Mallory");
        var chain = ChainService.Open(ChainSpec.Dev(), new MemoryStore());
        var endPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1);
        var options = new RaftOptions { EndPoint = endPoint, Members = [new ValidatorPeer(endPoint, "ws://x")], LogDirectory = "unused" };
        Assert.Throws<ArgumentException>(() => new RaftConsensus(chain, mallory, options, new NoChannel()));
    }

    private sealed class NoChannel : IValidatorChannel
    {
        public Task SendAsync(ValidatorPeer leader, FinalityVote vote, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ForwardAsync(ValidatorPeer leader, IReadOnlyList<byte[]> extrinsics, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
