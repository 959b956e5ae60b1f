using CsCheck;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;

namespace Veil.Protocol.Tests.Transactions;

public class ExtrinsicCodecPropertyTests
{
    private static readonly Gen<Era> AnyEra = Gen.Frequency(
        (1, Gen.Const(Era.Immortal)),
        (3, Gen.Select(Gen.ULong[0, 1UL << 17], Gen.UInt).Select((p, c) => Era.Mortal(p, c))));

    private static readonly Gen<UInt128> AnyAmount = Gen.Frequency(
        (3, Gen.ULong.Select(v => (UInt128)v)),
        (1, Gen.Select(Gen.ULong, Gen.ULong).Select((hi, lo) => new UInt128(hi, lo))),
        (1, Gen.OneOf<UInt128>(UInt128.Zero, UInt128.One, (UInt128)63, (UInt128)64, (UInt128)16_383, (UInt128)16_384, (UInt128)(1u << 30), UInt128.MaxValue)));

    private static readonly Gen<byte[]> AnyCall = Gen.OneOf(
        Gen.Select(Gen.Byte.Array[32], AnyAmount, Gen.Bool).Select((to, amount, keepAlive) => BalancesCall.Transfer(new AccountId(to), amount, keepAlive)),
        Gen.Byte.Array[0, 400].Select(remark => SystemCall.CreateRemark(remark)));

    /// <summary>A signed extrinsic with everything it was built from.</summary>
    private static readonly Gen<SignedSample> AnySigned =
        Gen.Select(AnyCall, AnyEra, Gen.UInt, AnyAmount, Gen.Byte.Array[32])
            .Select((call, era, nonce, tip, blockHash) => new SignedSample(call, era, nonce, tip, new Hash256(blockHash), SampleExtrinsics.Signed(call, nonce, era, tip, new Hash256(blockHash))));

    [Fact]
    public void TryDecode_RoundTripsEveryField_ForAnySignedExtrinsic()
    {
        AnySigned.Sample(sample =>
        {
            var extrinsic = SampleExtrinsics.Decode(sample.Encoded);

            Assert.True(extrinsic.IsSigned);
            Assert.Equal(SampleExtrinsics.Alice.Value.PublicKey, extrinsic.Signer);
            Assert.Equal(sample.Era, extrinsic.Era);
            Assert.Equal(sample.Nonce, extrinsic.Nonce);
            Assert.Equal(sample.Tip, extrinsic.Tip);
            Assert.Equal(sample.Call, extrinsic.Call.ToArray());
            Assert.Equal(Blake2b.Hash256(sample.Encoded), extrinsic.Hash);
            Assert.True(ExtrinsicCodec.VerifySignature(extrinsic, SampleExtrinsics.Context, sample.EraBlockHash));
        }, iter: 300);
    }

    [Fact]
    public void TryDecode_RoundTrips_ForAnyUnsignedExtrinsic()
    {
        AnyCall.Sample(call =>
        {
            var extrinsic = SampleExtrinsics.Decode(ExtrinsicCodec.EncodeUnsigned(call));
            Assert.False(extrinsic.IsSigned);
            Assert.Equal(call, extrinsic.Call.ToArray());
        }, iter: 300);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenInputIsRandomBytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            if (!ExtrinsicCodec.TryDecode(bytes, out _, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }, iter: 5000);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenRandomBodyHasAValidPrefixAndVersion()
    {
        // Random bytes rarely pass the length and version checks; give them both so the signed part is fuzzed.
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Bool).Sample((body, signed) =>
        {
            var bytes = WithPrefix([signed ? (byte)0x84 : (byte)0x04, 0x00, .. body]);
            if (!ExtrinsicCodec.TryDecode(bytes, out _, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }, iter: 5000);
    }

    [Fact]
    public void TryDecodeAndVerify_NeverThrowAndNeverAccept_WhenSignedExtrinsicIsMutated()
    {
        Gen.Select(AnySigned, ByteMutation.Any).Sample((sample, mutation) =>
        {
            var mutated = mutation.Apply(sample.Encoded);
            if (!ExtrinsicCodec.TryDecode(mutated, out var extrinsic, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                return;
            }

            var unchanged = mutated.AsSpan().SequenceEqual(sample.Encoded);
            var verifies = ExtrinsicCodec.VerifySignature(extrinsic, SampleExtrinsics.Context, sample.EraBlockHash);
            Assert.True(verifies == unchanged, $"{mutation}: verifies={verifies}, unchanged={unchanged}");
        }, iter: 1500);
    }

    [Fact]
    public void VerifySignature_ReturnsFalse_WhenBodyIsMutatedAndLengthPrefixFixedUp()
    {
        // Fix up the length prefix so the mutation survives decoding and reaches the signature check.
        Gen.Select(AnySigned, Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Sample((sample, position, mask) =>
        {
            var body = Body(sample.Encoded);
            var at = 1 + (position % (body.Length - 1)); // keep the version byte
            body[at] ^= mask;
            var mutated = WithPrefix(body);
            if (ExtrinsicCodec.TryDecode(mutated, out var extrinsic, out _))
            {
                Assert.False(ExtrinsicCodec.VerifySignature(extrinsic, SampleExtrinsics.Context, sample.EraBlockHash), $"byte {at} ^ {mask} still verifies");
            }
        }, iter: 1500);
    }

    [Fact]
    public void TryDecode_ReturnsError_WhenNonceExceedsU32()
    {
        // extra = immortal era ‖ compact nonce 2^32 ‖ compact tip 0
        var body = SignedBody(extra: [0x00, 0x03 | (1 << 2), 0, 0, 0, 0, 1, 0x00]);

        Assert.False(ExtrinsicCodec.TryDecode(WithPrefix(body), out _, out var error));
        Assert.Contains("nonce exceeds u32", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { }, "input ends early")]
    [InlineData(new byte[] { 0x04, 0x04, 0x00 }, "length prefix says 1 bytes but 2 follow")]
    [InlineData(new byte[] { 0x0c, 0x05, 0x00, 0x00 }, "unsupported extrinsic format version 5")]
    [InlineData(new byte[] { 0x08, 0x04, 0x00 }, "call is missing its module and call index")]
    [InlineData(new byte[] { 0x10, 0x84, 0x01, 0x00, 0x00 }, "unsupported signer address kind 1")]
    [InlineData(new byte[] { 0x0c, 0x84, 0x00, 0x00 }, "input ends early")]
    public void TryDecode_ReturnsSpecificError_WhenStructureIsWrong(byte[] bytes, string expected)
    {
        Assert.False(ExtrinsicCodec.TryDecode(bytes, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_ReturnsSpecificError_WhenSignatureIsNotEd25519()
    {
        var body = SignedBody(extra: [0x00, 0x00, 0x00]);
        body[1 + 1 + 32] = 1; // MultiSignature::Sr25519

        Assert.False(ExtrinsicCodec.TryDecode(WithPrefix(body), out _, out var error));
        Assert.Contains("unsupported signature kind 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_ReturnsError_WhenLongerThanTheLimit()
    {
        var encoded = ExtrinsicCodec.EncodeUnsigned(SystemCall.CreateRemark(new byte[ExtrinsicCodec.MaxEncodedLength]));

        Assert.False(ExtrinsicCodec.TryDecode(encoded, out _, out var error));
        Assert.Contains("more than the limit", error, StringComparison.Ordinal);
    }

    private static byte[] SignedBody(byte[] extra)
        => [0x84, 0x00, .. SampleExtrinsics.Alice.Value.PublicKey.ToArray(), 0x00, .. new byte[64], .. extra, ModuleIndex.System, SystemCall.Remark, 0x00];

    private static byte[] Body(byte[] encoded)
    {
        var reader = new ScaleReader(encoded);
        reader.ReadLength(int.MaxValue);
        return reader.RemainingSpan.ToArray();
    }

    private static byte[] WithPrefix(byte[] body)
    {
        var writer = new ScaleWriter(body.Length + 5);
        try
        {
            writer.WriteBytes(body);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private sealed record SignedSample(byte[] Call, Era Era, uint Nonce, UInt128 Tip, Hash256 EraBlockHash, byte[] Encoded);
}
