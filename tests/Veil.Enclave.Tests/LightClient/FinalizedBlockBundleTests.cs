using CsCheck;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Blocks;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Tests.LightClient;

public class FinalizedBlockBundleTests
{
    // header ‖ proof (block hash ‖ u32 number ‖ Vec<(authority, signature)>) ‖ Vec<QueueMessage>.
    // Computed independently (Python: hashlib.blake2b and the SCALE rules), not by this code.
    private const string GoldenBundle =
        "0x11111111111111111111111111111111111111111111111111111111111111111c22222222222222222222222222222222222222222222222222222222222222223333333333333333333333333333333333333333333333333333333333333333444444444444444444444444444444444444444444444444444444444444444400a8da769b0100005555555555555555555555555555555555555555555555555555555555555555"
        + "84840a04710c7e9e1c135c9677b205b1a78b169553a59d51f4f1f94f1800754c07000000085555555555555555555555555555555555555555555555555555555555555555a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a16666666666666666666666666666666666666666666666666666666666666666b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
        + "0c007777777777777777777777777777777777777777777777777777777777777777687665696c2f636f6e74726163742f64656d6f2f636f6d6d616e640c010203012052656769737472793c5e72656769737472792f6576656e7400044c7665696c2f676174656b65657065722f6b657904ff";

    [Fact]
    public void Encode_MatchesGoldenVector_WhenBundleIsFixed()
    {
        var bundle = Sample();

        Assert.Equal(GoldenBundle, Hex.Encode(bundle.Encode()));
        Assert.True(FinalizedBlockBundle.TryDecode(Hex.Decode(GoldenBundle), out var decoded, out var error), error);
        Assert.Equal(bundle.Header, decoded.Header);
        Assert.Equal(bundle.Proof.Encode(), decoded.Proof.Encode());
        Assert.Equal(bundle.Messages.Select(m => m.Hash()), decoded.Messages.Select(m => m.Hash()));
    }

    [Fact]
    public void Encode_IsHeaderThenProofThenStoredMessages_WhenBuiltFromParts()
    {
        var bundle = Sample();
        var messages = new ScaleWriter(64);
        messages.WriteLength(bundle.Messages.Count);
        foreach (var message in bundle.Messages) message.Encode(ref messages);
        var stored = messages.ToArray();
        messages.Dispose();

        Assert.Equal([.. bundle.Header.Encode(), .. bundle.Proof.Encode(), .. stored], bundle.Encode());
        Assert.Equal(bundle.Encode(), FinalizedBlockBundle.EncodeStored(bundle.Header, bundle.Proof, stored));
    }

    [Fact]
    public void TryFromStored_MatchesTheSplicedEncoding_WhenReadFromARealChain()
    {
        var chain = new BundleChain();
        chain.Push("Alice", [1]);
        chain.Push("Bob", [2]);
        chain.Produce();

        var bundle = chain.Bundle(1);

        Assert.Equal(2, bundle.Messages.Count);
        Assert.Equal(chain.EncodedBundle(1), bundle.Encode());
        Assert.True(FinalizedBlockBundle.TryDecode(chain.EncodedBundle(1), out var decoded, out var error), error);
        Assert.Equal(bundle.Encode(), decoded.Encode());
    }

    [Fact]
    public void TryFromStored_Fails_WhenStoredMessagesAreGarbage()
    {
        var bundle = Sample();

        Assert.False(FinalizedBlockBundle.TryFromStored(bundle.Header, bundle.Proof, [0x08, 0x09], out _, out var error));
        Assert.StartsWith("stored messages of block #7: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeBatch_RoundTrips_WhenBundlesAreValid()
    {
        var bundles = new[] { Sample(), Sample() with { Messages = [] }, Sample() with { Proof = new FinalityProof(default, 9, []) } };

        var encoded = FinalizedBlockBundle.EncodeBatch(bundles);

        Assert.True(FinalizedBlockBundle.TryDecodeBatch(encoded, out var decoded, out var error), error);
        Assert.Equal(bundles.Select(b => Hex.Encode(b.Encode())), decoded.Select(b => Hex.Encode(b.Encode())));
        Assert.Equal([0x00], FinalizedBlockBundle.EncodeBatch([]));
    }

    [Fact]
    public void TryDecode_Fails_WhenBytesTrailOrAreMissing()
    {
        var encoded = Sample().Encode();

        Assert.False(FinalizedBlockBundle.TryDecode([.. encoded, 0], out _, out var error));
        Assert.Contains("trailing byte", error, StringComparison.Ordinal);
        Assert.False(FinalizedBlockBundle.TryDecode(encoded.AsSpan(0, encoded.Length - 1), out _, out error));
        Assert.StartsWith("undecodable block bundle: ", error, StringComparison.Ordinal);
        Assert.False(FinalizedBlockBundle.TryDecode([], out _, out error));
    }

    [Fact]
    public void TryDecode_Fails_WhenTheMessageCountExceedsTheLimit()
    {
        var bundle = Sample() with { Messages = [] };
        var writer = new ScaleWriter(512);
        bundle.Header.Encode(ref writer);
        bundle.Proof.Encode(ref writer);
        writer.WriteLength(FinalizedBlockBundle.MaxMessages + 1);
        var bytes = writer.ToArray();
        writer.Dispose();

        Assert.False(FinalizedBlockBundle.TryDecode(bytes, out _, out var error));
        Assert.Contains($"length {FinalizedBlockBundle.MaxMessages + 1} exceeds the limit of {FinalizedBlockBundle.MaxMessages}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Fails_WhenTheMessageCountIsLongerThanTheBytes()
    {
        var bundle = Sample() with { Messages = [] };
        var bytes = bundle.Encode();
        bytes[^1] = 40 << 2; // claims 40 messages, carries none

        Assert.False(FinalizedBlockBundle.TryDecode(bytes, out _, out var error));
        Assert.Contains("length 40 is longer than the 0 byte(s) left", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Fails_WhenTheBundleExceedsTheSizeLimit()
    {
        Assert.False(FinalizedBlockBundle.TryDecode(new byte[FinalizedBlockBundle.MaxEncodedLength + 1], out _, out var error));
        Assert.Equal($"bundle of {FinalizedBlockBundle.MaxEncodedLength + 1} bytes exceeds the limit of {FinalizedBlockBundle.MaxEncodedLength}", error);
    }

    [Fact]
    public void TryDecodeBatch_Fails_WhenTheBatchIsTooLargeOrHasTooManyBundles()
    {
        Assert.False(FinalizedBlockBundle.TryDecodeBatch(new byte[FinalizedBlockBundle.MaxBatchEncodedLength + 1], out _, out var error));
        Assert.Contains("exceeds the limit", error, StringComparison.Ordinal);

        var writer = new ScaleWriter(8);
        writer.WriteLength(FinalizedBlockBundle.MaxBatchBundles + 1);
        var tooMany = writer.ToArray();
        writer.Dispose();
        Assert.False(FinalizedBlockBundle.TryDecodeBatch(tooMany, out var bundles, out error));
        Assert.Contains($"exceeds the limit of {FinalizedBlockBundle.MaxBatchBundles}", error, StringComparison.Ordinal);
        Assert.Empty(bundles);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenBytesAreMutated()
    {
        var genuine = Sample().Encode();

        ByteMutation.Any.Sample(mutation =>
        {
            var bytes = mutation.Apply(genuine);
            var ok = FinalizedBlockBundle.TryDecode(bytes, out var decoded, out var error);
            return ok ? decoded.Encode().AsSpan().SequenceEqual(bytes) : error.Length > 0;
        }, iter: 5000);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenBytesAreRandom()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var ok = FinalizedBlockBundle.TryDecode(bytes, out var decoded, out var error);
            var batchOk = FinalizedBlockBundle.TryDecodeBatch(bytes, out _, out var batchError);
            return (ok ? decoded.Encode().AsSpan().SequenceEqual(bytes) : error.Length > 0) && (batchOk || batchError.Length > 0);
        }, iter: 5000);
    }

    /// <summary>A fixed bundle: block #7 with a two-signature proof and one message of each origin shape.</summary>
    internal static FinalizedBlockBundle Sample()
    {
        static Hash256 Fill(byte b) => new(Enumerable.Repeat(b, 32).ToArray());
        static AccountId Account(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

        var header = new BlockHeader(Fill(0x11), 7, Fill(0x22), Fill(0x33), Fill(0x44), 1_767_225_600_000, Account(0x55));
        var proof = new FinalityProof(header.Hash, 7, [
            new AuthoritySignature(Account(0x55), Enumerable.Repeat((byte)0xa1, 64).ToArray()),
            new AuthoritySignature(Account(0x66), Enumerable.Repeat((byte)0xb2, 64).ToArray()),
        ]);
        QueueMessage[] messages =
        [
            new(Origin.Account(Account(0x77)), "veil/contract/demo/command"u8.ToArray(), [1, 2, 3]),
            new(Origin.Module("Registry"), "^registry/event"u8.ToArray(), []),
            new(Origin.Gatekeeper, "veil/gatekeeper/key"u8.ToArray(), [0xff]),
        ];
        return new FinalizedBlockBundle(header, proof, messages);
    }
}
