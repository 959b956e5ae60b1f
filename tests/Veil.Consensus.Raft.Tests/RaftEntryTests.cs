using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Protocol.Blocks;

namespace Veil.Consensus.Raft.Tests;

public sealed class RaftEntryTests
{
    private static readonly BlockHeader Header = new(new Hash256(new byte[32]), 7, new Hash256(Enumerable.Repeat((byte)1, 32).ToArray()), new Hash256(Enumerable.Repeat((byte)2, 32).ToArray()), new Hash256(Enumerable.Repeat((byte)3, 32).ToArray()), 1_767_225_600_000, default);

    [Fact]
    public void Proposal_RoundTrips()
    {
        // Extrinsics are opaque here but self-delimiting, as SCALE encodes them: compact length, then bytes.
        var block = new Block(Header, [[0x08, 0xAA, 0xBB], [0x00]]);
        Assert.True(RaftEntry.TryDecode(RaftEntry.Proposal(block), out var decoded, out var proof, out var error), error);
        Assert.Null(proof);
        Assert.Equal(Header.Hash, decoded!.Header.Hash);
        Assert.Equal(2, decoded.Extrinsics.Count);
    }

    [Fact]
    public void Finalize_RoundTrips()
    {
        using var alice = KeyDerivation.FromUri("//Alice");
        var signature = alice.Sign(FinalityProof.SigningPayload(Header.Hash, 7, Header.Hash));
        var proof = new FinalityProof(Header.Hash, 7, [new AuthoritySignature(alice.PublicKey, signature)]);
        Assert.True(RaftEntry.TryDecode(RaftEntry.Finalize(proof), out var block, out var decoded, out var error), error);
        Assert.Null(block);
        Assert.Equal(proof.Encode(), decoded!.Encode());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 1, 2 })]
    [InlineData(new byte[] { 1, 0xff })]
    [InlineData(new byte[] { 2, 0 })]
    public void TryDecode_Refuses_MalformedEntries(byte[] bytes)
    {
        Assert.False(RaftEntry.TryDecode(bytes, out var block, out var proof, out var error));
        Assert.Null(block);
        Assert.Null(proof);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryDecode_Refuses_TrailingBytes()
    {
        var bytes = RaftEntry.Proposal(new Block(Header, []));
        Assert.False(RaftEntry.TryDecode([.. bytes, 0], out _, out _, out _));
    }

    [Fact]
    public void FinalityVote_RoundTrips_AndRefusesWrongLengths()
    {
        using var bob = KeyDerivation.FromUri("//Bob");
        var vote = new FinalityVote(Header.Hash, 7, new AuthoritySignature(bob.PublicKey, bob.Sign([1])));
        var bytes = vote.Encode();
        Assert.Equal(FinalityVote.EncodedLength, bytes.Length);
        Assert.True(FinalityVote.TryDecode(bytes, out var decoded, out var error), error);
        Assert.Equal(vote.BlockHash, decoded.BlockHash);
        Assert.Equal(vote.Signature.Signature, decoded.Signature.Signature);
        Assert.False(FinalityVote.TryDecode(bytes[..^1], out _, out _));
        Assert.False(FinalityVote.TryDecode([.. bytes, 0], out _, out _));
    }

    [Theory]
    [InlineData("127.0.0.1:30333=ws://127.0.0.1:9944", true)]
    [InlineData("127.0.0.1:30333", false)]
    [InlineData("127.0.0.1=ws://127.0.0.1:9944", false)]
    [InlineData("127.0.0.1:30333=ftp://x", false)]
    [InlineData("=ws://127.0.0.1:9944", false)]
    public void ValidatorPeer_Parses_RaftAddressAndRpcUrl(string text, bool valid)
    {
        Assert.Equal(valid, ValidatorPeer.TryParse(text, out _, out var error));
        Assert.Equal(valid, error.Length == 0);
    }
}
