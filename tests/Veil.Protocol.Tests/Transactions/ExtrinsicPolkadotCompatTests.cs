using System.Globalization;
using System.Text.Json;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;

namespace Veil.Protocol.Tests.Transactions;

/// <summary>
/// Veil's extrinsic v4 against polkadot.js (@polkadot/types 16, tests/compat/scripts/extrinsic-v4.mjs)
/// with the signed extensions CheckSpecVersion, CheckTxVersion, CheckGenesis, CheckMortality, CheckNonce
/// and ChargeTransactionPayment. Ed25519 is deterministic, so signatures must match byte for byte.
/// </summary>
public class ExtrinsicPolkadotCompatTests
{
    private static readonly Lazy<Task<Reference>> Answers = new(ComputeAsync);

    private static readonly SigningCase[] Cases = BuildCases();

    [Fact]
    public async Task WriteSigningPayload_EqualsPolkadotJsPayload_ForEveryCase()
    {
        var reference = await Answers.Value;
        for (var i = 0; i < Cases.Length; i++)
        {
            var c = Cases[i];
            var expected = Hex.Decode(reference.Payloads[i].GetProperty("payload").GetString()!);
            var payload = new byte[256];
            var n = ExtrinsicCodec.WriteSigningPayload(c.Call, c.Extra, c.Context, c.EraBlockHash, payload);

            // polkadot.js returns the unhashed payload; its sign() applies the >256-byte rule itself.
            var comparable = expected.Length > 256 ? Blake2b.Hash256(expected).ToArray() : expected;
            Assert.True(comparable.AsSpan().SequenceEqual(payload.AsSpan(0, n)), $"case {c.Name}: payload differs\nveil: {Hex.Encode(payload.AsSpan(0, n))}\npjs:  {Hex.Encode(comparable)}");
        }
    }

    [Fact]
    public async Task EncodeSigned_ProducesPolkadotJsSignatureAndBytes_ForEveryCase()
    {
        var reference = await Answers.Value;
        for (var i = 0; i < Cases.Length; i++)
        {
            var c = Cases[i];
            var answer = reference.Payloads[i];
            var veil = SampleExtrinsics.Decode(c.Encoded);

            Assert.Equal("0x00", answer.GetProperty("signatureType").GetString()); // MultiSignature::Ed25519
            Assert.Equal(answer.GetProperty("signer").GetString(), Hex.Encode(veil.Signer.ToArray()));
            Assert.Equal(answer.GetProperty("signature").GetString(), Hex.Encode(veil.Signature.Span));
            Assert.Equal(answer.GetProperty("extrinsic").GetString(), Hex.Encode(c.Encoded));
        }
    }

    [Fact]
    public async Task ExtrinsicSignatureV4_DecodesVeilExtrinsicInPolkadotJs_ForEveryCase()
    {
        var reference = await Answers.Value;
        for (var i = 0; i < Cases.Length; i++)
        {
            var c = Cases[i];
            var decoded = reference.Extrinsics[i];
            Assert.False(decoded.TryGetProperty("error", out var error), $"case {c.Name}: {error}");
            var veil = SampleExtrinsics.Decode(c.Encoded);

            Assert.Equal((veil.Encoded.Length - LengthPrefixSize(veil.Encoded)).ToString(CultureInfo.InvariantCulture), decoded.GetProperty("length").GetString());
            Assert.Equal("132", decoded.GetProperty("version").GetString()); // 0x84
            Assert.Equal("0x00" + Hex.Encode(veil.Signer.ToArray())[2..], decoded.GetProperty("signer").GetString()); // MultiAddress::Id
            Assert.Equal("Ed25519", decoded.GetProperty("signatureKind").GetString());
            Assert.Equal(Hex.Encode(veil.Signature.Span), decoded.GetProperty("signature").GetString());
            Assert.Equal(Hex.Encode(EraBytes(veil.Era)), decoded.GetProperty("era").GetString());
            Assert.Equal(veil.Nonce.ToString(CultureInfo.InvariantCulture), decoded.GetProperty("nonce").GetString());
            Assert.Equal(veil.Tip.ToString(CultureInfo.InvariantCulture), decoded.GetProperty("tip").GetString());
            Assert.Equal(Hex.Encode(veil.Call), decoded.GetProperty("method").GetString());
            Assert.Equal(Hex.Encode(c.Encoded), decoded.GetProperty("reencoded").GetString());
        }
    }

    [Fact]
    public async Task VerifySignature_AcceptsPolkadotJsSignedExtrinsic_AndRejectsItOnAnotherChain()
    {
        var reference = await Answers.Value;
        for (var i = 0; i < Cases.Length; i++)
        {
            var c = Cases[i];
            var pjs = SampleExtrinsics.Decode(Hex.Decode(reference.Payloads[i].GetProperty("extrinsic").GetString()!));

            Assert.True(ExtrinsicCodec.VerifySignature(pjs, c.Context, c.EraBlockHash), c.Name);
            var otherChain = c.Context with { GenesisHash = Blake2b.Hash256("another chain"u8) };
            Assert.False(ExtrinsicCodec.VerifySignature(pjs, otherChain, c.EraBlockHash), c.Name);
            Assert.False(ExtrinsicCodec.VerifySignature(pjs, c.Context with { SpecVersion = c.Context.SpecVersion + 1 }, c.EraBlockHash), c.Name);
        }
    }

    private static int LengthPrefixSize(byte[] encoded) => (encoded[0] & 3) switch { 0 => 1, 1 => 2, 2 => 4, _ => 5 + (encoded[0] >> 2) };

    private static byte[] EraBytes(Era era)
    {
        var writer = new Veil.Core.Scale.ScaleWriter(4);
        try
        {
            era.Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static SigningCase[] BuildCases()
    {
        var bob = SampleExtrinsics.Bob;
        var otherGenesis = Blake2b.Hash256("veil/compat-genesis"u8);
        var blockHash = Blake2b.Hash256("veil/compat-block"u8);
        var remark300 = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        return
        [
            Case("immortal transfer", BalancesCall.Transfer(bob, 12_345_000_000_000), Era.Immortal, 0, 0, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash),
            Case("mortal transfer with tip", BalancesCall.Transfer(bob, 12_345_000_000_000), Era.Mortal(64, 1234), 5, 1_000_000_000_000, SampleExtrinsics.Context, SampleExtrinsics.EraBlockHash),
            Case("keep-alive, long era, extreme nonce and tip", BalancesCall.Transfer(bob, UInt128.MaxValue, keepAlive: true), Era.Mortal(65536, 1_000_001), uint.MaxValue, UInt128.MaxValue, new SigningContext(7, 3, otherGenesis), blockHash),
            Case("remark of 300 bytes (hashed payload)", SystemCall.CreateRemark(remark300), Era.Immortal, 1, 0, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash),
            Case("remark making a 256-byte payload", SystemCall.CreateRemark(new byte[177]), Era.Immortal, 0, 0, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash),
            Case("remark making a 257-byte payload", SystemCall.CreateRemark(new byte[178]), Era.Immortal, 0, 0, SampleExtrinsics.Context, SampleExtrinsics.GenesisHash),
            Case("mortal remark, period 4", SystemCall.CreateRemark("veil"u8), Era.Mortal(4, 7), 65, 63, new SigningContext(uint.MaxValue, 0, otherGenesis), blockHash),
            Case("mortal remark, period 8192 (quantized phase)", SystemCall.CreateRemark(remark300.AsSpan(0, 100)), Era.Mortal(8192, 10_001), 16_384, 1UL << 30, SampleExtrinsics.Context, blockHash),
        ];
    }

    private static SigningCase Case(string name, byte[] call, Era era, uint nonce, UInt128 tip, SigningContext context, Hash256 eraBlockHash)
    {
        using var alice = Veil.Crypto.Derivation.KeyDerivation.FromUri("//Alice");
        var encoded = ExtrinsicCodec.EncodeSigned(alice.PublicKey, call, era, nonce, tip, context, eraBlockHash, alice.Sign);
        var extra = SampleExtrinsics.Decode(encoded).Extra.ToArray();
        return new SigningCase(name, call, extra, era, nonce, tip, context, eraBlockHash, encoded);
    }

    private static async Task<Reference> ComputeAsync()
    {
        var input = new
        {
            payloads = Cases.Select(c => new
            {
                uri = "//Alice",
                method = Hex.Encode(c.Call),
                era = Hex.Encode(EraBytes(c.Era)),
                nonce = c.Nonce.ToString(CultureInfo.InvariantCulture),
                tip = c.Tip.ToString(CultureInfo.InvariantCulture),
                specVersion = c.Context.SpecVersion.ToString(CultureInfo.InvariantCulture),
                transactionVersion = c.Context.TransactionVersion.ToString(CultureInfo.InvariantCulture),
                genesisHash = c.Context.GenesisHash.ToString(),
                blockHash = c.EraBlockHash.ToString(),
            }).ToArray(),
            extrinsics = Cases.Select(c => Hex.Encode(c.Encoded)).ToArray(),
        };
        var output = await NodeReference.RunAsync("extrinsic-v4.mjs", input);
        return new Reference([.. output.GetProperty("payloads").EnumerateArray()], [.. output.GetProperty("extrinsics").EnumerateArray()]);
    }

    private sealed record SigningCase(string Name, byte[] Call, byte[] Extra, Era Era, uint Nonce, UInt128 Tip, SigningContext Context, Hash256 EraBlockHash, byte[] Encoded);

    private sealed record Reference(JsonElement[] Payloads, JsonElement[] Extrinsics);
}
