using Veil.Core;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;

namespace Veil.Protocol.Tests.Transactions;

/// <summary>
/// Frozen wire forms of signed extrinsics. A change here breaks every wallet and every stored block:
/// update a vector only together with a transaction-version bump. The same bytes are produced
/// independently by polkadot.js in <see cref="ExtrinsicPolkadotCompatTests"/>.
/// </summary>
public class ExtrinsicGoldenTests
{
    private const string AlicePublicKey = "88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee";
    private const string BobPublicKey = "d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69";

    // Transfer //Alice → //Bob of 12.345 VEIL (12_345_000_000_000 = compact 0x0b00fa564b3a0b), nonce 5.
    private const string TransferCall = "0100" + "00" + BobPublicKey + "0b00fa564b3a0b";

    private const string ImmortalTransfer =
        "0x" + "4102" + "84" + "00" + AlicePublicKey + "00"
        + "c3dab0d3113f2b9f6d07dc98de7de3c4b549a75269ddd441f0b582974f4820fdb07c2f4885e4d7906dc231d5126940b5438566fc25e1cb716798425d9c638006"
        + "00" + "14" + "00" + TransferCall;

    private const string MortalTransferWithTip =
        "0x" + "5902" + "84" + "00" + AlicePublicKey + "00"
        + "7c412eafaa6197be8c3ed22bdeafe0ea4148fea2e8b465b464dd43c0e565cf9296cd501965739a07febc0d3264599d1bd13b76f7560cfa3af1e5402eff71c80b"
        + "2501" + "14" + "070010a5d4e8" + TransferCall;

    [Fact]
    public void EncodeSigned_MatchesGoldenVector_WhenTransferIsImmortal()
    {
        var encoded = SampleExtrinsics.Transfer(5, Era.Immortal, 0, SampleExtrinsics.GenesisHash);

        Assert.Equal(ImmortalTransfer, Hex.Encode(encoded));
        Assert.Equal("0xca6956dee9d0d0774160fc36cb3e6d2738724c1221fe660960e8c44b701a869f", SampleExtrinsics.Decode(encoded).Hash.ToString());
    }

    [Fact]
    public void EncodeSigned_MatchesGoldenVector_WhenTransferIsMortalWithTip()
    {
        var era = Era.Mortal(64, 1234);
        var encoded = SampleExtrinsics.Transfer(5, era, 1_000_000_000_000, SampleExtrinsics.EraBlockHash);

        Assert.Equal(MortalTransferWithTip, Hex.Encode(encoded));
    }

    [Fact]
    public void TryDecode_ReadsEveryField_WhenInputIsGoldenVector()
    {
        var extrinsic = SampleExtrinsics.Decode(Hex.Decode(MortalTransferWithTip));

        Assert.True(extrinsic.IsSigned);
        Assert.Equal(SampleExtrinsics.Alice.Value.PublicKey, extrinsic.Signer);
        Assert.Equal(new Era(64, 18), extrinsic.Era);
        Assert.Equal(5u, extrinsic.Nonce);
        Assert.Equal((UInt128)1_000_000_000_000, extrinsic.Tip);
        Assert.Equal(TransferCall, Convert.ToHexStringLower(extrinsic.Call));
        Assert.Equal("250114070010a5d4e8", Convert.ToHexStringLower(extrinsic.Extra));
        Assert.Equal("7c412eafaa6197be8c3ed22bdeafe0ea4148fea2e8b465b464dd43c0e565cf9296cd501965739a07febc0d3264599d1bd13b76f7560cfa3af1e5402eff71c80b", Convert.ToHexStringLower(extrinsic.Signature.Span));
        Assert.True(ExtrinsicCodec.VerifySignature(extrinsic, SampleExtrinsics.Context, SampleExtrinsics.EraBlockHash));
        Assert.False(ExtrinsicCodec.VerifySignature(extrinsic, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash));
    }

    [Fact]
    public void WriteSigningPayload_MatchesGoldenVector_WhenPayloadIsShort()
    {
        var extrinsic = SampleExtrinsics.Decode(Hex.Decode(ImmortalTransfer));
        var payload = new byte[256];

        var n = ExtrinsicCodec.WriteSigningPayload(extrinsic.Call, extrinsic.Extra, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash, payload);

        var genesis = SampleExtrinsics.GenesisHash.ToString()[2..];
        Assert.Equal(TransferCall + "001400" + "01000000" + "01000000" + genesis + genesis, Convert.ToHexStringLower(payload.AsSpan(0, n)));
    }

    [Fact]
    public void WriteSigningPayload_HashesWithBlake2b256_WhenPayloadExceeds256Bytes()
    {
        var call = SystemCall.CreateRemark(new byte[185]); // 2 + 2 + 185 = 189 bytes, + 3 extra + 72 = 264
        Span<byte> extra = [0x00, 0x00, 0x00];
        var payload = new byte[256];

        var n = ExtrinsicCodec.WriteSigningPayload(call, extra, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash, payload);

        var full = call.Concat(extra.ToArray()).Concat(new byte[] { 1, 0, 0, 0, 1, 0, 0, 0 }).Concat(SampleExtrinsics.GenesisHash.ToArray()).Concat(SampleExtrinsics.GenesisHash.ToArray()).ToArray();
        Assert.Equal(264, full.Length);
        Assert.Equal(32, n);
        Assert.Equal(Veil.Core.Hashing.Blake2b.Hash256(full).ToArray(), payload.AsSpan(0, n).ToArray());
    }

    [Theory]
    [InlineData(177, 256)] // exactly 256 bytes: signed as is
    [InlineData(178, 32)] // 257 bytes: hashed
    public void WriteSigningPayload_AppliesHashRuleAtTheBoundary_WhenPayloadIsNear256Bytes(int remarkLength, int expected)
    {
        var call = SystemCall.CreateRemark(new byte[remarkLength]);
        Span<byte> extra = [0x00, 0x00, 0x00];
        var payload = new byte[256];

        Assert.Equal(expected, ExtrinsicCodec.WriteSigningPayload(call, extra, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash, payload));
    }

    [Fact]
    public void EncodeUnsigned_MatchesGoldenVector_WhenCallIsRemark()
    {
        var encoded = ExtrinsicCodec.EncodeUnsigned(SystemCall.CreateRemark("veil"u8));

        Assert.Equal("0x2004000010" + "7665696c", Hex.Encode(encoded));
        var extrinsic = SampleExtrinsics.Decode(encoded);
        Assert.False(extrinsic.IsSigned);
        Assert.Equal("00" + "00" + "10" + "7665696c", Convert.ToHexStringLower(extrinsic.Call));
        Assert.False(ExtrinsicCodec.VerifySignature(extrinsic, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash));
    }

    [Fact]
    public void Transfer_MatchesGoldenVector_WhenKeepAlive()
    {
        Assert.Equal("0103" + "00" + BobPublicKey + "0b00fa564b3a0b", Convert.ToHexStringLower(BalancesCall.Transfer(SampleExtrinsics.Bob, 12_345_000_000_000, keepAlive: true)));
        Assert.Equal("0100" + "00" + BobPublicKey + "00", Convert.ToHexStringLower(BalancesCall.Transfer(SampleExtrinsics.Bob, 0)));
    }
}
