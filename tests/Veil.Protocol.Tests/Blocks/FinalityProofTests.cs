using CsCheck;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto.Derivation;
using Veil.Protocol.Blocks;
using Veil.Protocol.Tests.Transactions;

namespace Veil.Protocol.Tests.Blocks;

public class FinalityProofTests
{
    // "veil/finality" ‖ genesis hash ‖ number (u32 LE) ‖ block hash.
    private const string GoldenPayload = "0x7665696c2f66696e616c69747960cf5094ef4b128d86bbfd3b48d7bc30d8b8a4b2bea79c26b05b81e63e2896f940420f0051a60e56220706c7ddf6579939ef7bea8cdd56e126355df18535e375d3e6ebcc";

    private const string GoldenProof = "0x51a60e56220706c7ddf6579939ef7bea8cdd56e126355df18535e375d3e6ebcc40420f000488dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee22141d5b27dd6df0c974c62dc8e922010676a4ba876d7fa68c63578d5fc9803330b69c7a02b0aefd28f14faa09219357e7430a3105feed9ea76fbf19fc7c530b";

    [Fact]
    public void SigningPayload_MatchesGoldenVector_WhenBlockIsFixed()
    {
        var header = SampleBlocks.Header;
        var payload = FinalityProof.SigningPayload(SampleBlocks.GenesisHash, header.Number, header.Hash);

        Assert.Equal(GoldenPayload, Hex.Encode(payload));
        Assert.Equal(Hex.Encode("veil/finality"u8) + SampleBlocks.GenesisHash.ToString()[2..] + "40420f00" + header.Hash.ToString()[2..], Hex.Encode(payload));
    }

    [Fact]
    public void Encode_MatchesGoldenVector_WhenSignedByAlice()
    {
        var proof = SampleBlocks.SignedProof(SampleBlocks.Header, SampleBlocks.GenesisHash);

        Assert.Equal(GoldenProof, Hex.Encode(proof.Encode()));
        Assert.True(FinalityProof.TryDecode(Hex.Decode(GoldenProof), out var decoded, out var error), error);
        Assert.True(decoded.Verify(SampleBlocks.GenesisHash, [SampleExtrinsics.Alice.Value.PublicKey], 1, out error), error);
    }

    [Fact]
    public void Verify_Fails_WhenSignatureIsTampered()
    {
        var proof = SampleBlocks.SignedProof(SampleBlocks.Header, SampleBlocks.GenesisHash);
        var signature = (byte[])proof.Signatures[0].Signature.Clone();
        signature[10] ^= 1;
        var tampered = proof with { Signatures = [proof.Signatures[0] with { Signature = signature }] };

        Assert.False(tampered.Verify(SampleBlocks.GenesisHash, [SampleExtrinsics.Alice.Value.PublicKey], 1, out var error));
        Assert.Contains("does not verify", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Fails_WhenProofIsForAnotherChainNumberOrBlock()
    {
        var proof = SampleBlocks.SignedProof(SampleBlocks.Header, SampleBlocks.GenesisHash);
        AccountId[] authorities = [SampleExtrinsics.Alice.Value.PublicKey];

        Assert.False(proof.Verify(Blake2b.Hash256("other"u8), authorities, 1, out _));
        Assert.False((proof with { Number = proof.Number + 1 }).Verify(SampleBlocks.GenesisHash, authorities, 1, out _));
        Assert.False((proof with { BlockHash = Blake2b.Hash256("other"u8) }).Verify(SampleBlocks.GenesisHash, authorities, 1, out _));
    }

    [Fact]
    public void Verify_Fails_WhenSignerIsNotAnAuthorityOrQuorumIsMissed()
    {
        var proof = SampleBlocks.SignedProof(SampleBlocks.Header, SampleBlocks.GenesisHash);

        Assert.False(proof.Verify(SampleBlocks.GenesisHash, [DevAccounts.Bob], 1, out var error));
        Assert.Contains("0 valid authority signature(s); 1 needed", error, StringComparison.Ordinal);
        Assert.False(proof.Verify(SampleBlocks.GenesisHash, [SampleExtrinsics.Alice.Value.PublicKey, DevAccounts.Bob], 2, out error));
        Assert.Contains("1 valid authority signature(s); 2 needed", error, StringComparison.Ordinal);

        // The same authority twice counts once.
        var doubled = proof with { Signatures = [proof.Signatures[0], proof.Signatures[0]] };
        Assert.False(doubled.Verify(SampleBlocks.GenesisHash, [SampleExtrinsics.Alice.Value.PublicKey, DevAccounts.Bob], 2, out _));
    }

    [Fact]
    public void TryDecode_RoundTrips_ForAnyProof()
    {
        SampleBlocks.AnyProof.Sample(proof =>
        {
            Assert.True(FinalityProof.TryDecode(proof.Encode(), out var decoded, out var error), error);
            Assert.Equal(proof.Encode(), decoded.Encode());
            Assert.Equal(proof.Signatures.Count, decoded.Signatures.Count);
        }, iter: 300);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenInputIsRandomBytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            if (!FinalityProof.TryDecode(bytes, out _, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }, iter: 3000);
    }

    [Fact]
    public void TryDecodeAndVerify_NeverThrowAndNeverAccept_WhenSignedProofIsMutated()
    {
        var valid = SampleBlocks.SignedProof(SampleBlocks.Header, SampleBlocks.GenesisHash).Encode();
        AccountId[] authorities = [SampleExtrinsics.Alice.Value.PublicKey];
        ByteMutation.Any.Sample(mutation =>
        {
            var mutated = mutation.Apply(valid);
            if (!FinalityProof.TryDecode(mutated, out var proof, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                return;
            }

            var verifies = proof.Verify(SampleBlocks.GenesisHash, authorities, 1, out _);
            Assert.True(verifies == mutated.AsSpan().SequenceEqual(valid), $"{mutation}: a changed proof verified");
        }, iter: 1000);
    }
}
