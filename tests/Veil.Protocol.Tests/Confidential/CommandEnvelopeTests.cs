using CsCheck;
using Veil.Core;
using Veil.Protocol.Confidential;
using static Veil.Protocol.Tests.Confidential.ConfidentialSamples;

namespace Veil.Protocol.Tests.Confidential;

/// <summary>
/// The command envelope's wire form. The golden vector freezes the SCALE layout and the whole key
/// schedule (X25519, HKDF label and context, associated data, padding): change it only with a version bump.
/// </summary>
public class CommandEnvelopeTests
{
    // Also produced independently by Python's `cryptography` (X25519, HKDF, AES-GCM) from the same inputs.
    // Contract secret 0x01..0x20, ephemeral secret 0x40..0x5f, nonce 0x60..0x6b, epoch 7,
    // command "transfer 30 to bob" from the 0x41-seed account, genesis 0xc3…, contract id 0x11….
    internal const string GoldenEnvelope =
        "0x010700000079a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a606162636465666768696a6b"
        + "41014cf900446e173c3528cca6cc61397c34b04cb520ad51d18b7ec84c247839edf61c9eba3a26adb680ed409c9aa2af4347"
        + "c66474c18f55b35447121985495b40059cae34fe2612388deeda4e114d974075";

    [Fact]
    public void Seal_MatchesGoldenVector_WhenKeysAndNonceAreFixed()
    {
        using var sealer = new CommandSealer(Contract, Genesis, Counting());

        var envelope = sealer.Seal(Signer, "transfer 30 to bob"u8);

        Assert.Equal(GoldenEnvelope, Hex.Encode(envelope.Encode()));
    }

    [Fact]
    public void TryDecode_ReadsEveryField_WhenInputIsGoldenVector()
    {
        Assert.True(CommandEnvelope.TryDecode(Hex.Decode(GoldenEnvelope), out var envelope, out var error), error);

        Assert.Equal(CommandEnvelope.CurrentVersion, envelope.Version);
        Assert.Equal(7u, envelope.Epoch);
        Assert.Equal(PublicKeyOf(Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray()), envelope.SenderEphemeralKey);
        Assert.Equal(Enumerable.Range(0x60, 12).Select(i => (byte)i).ToArray(), envelope.Nonce);
        Assert.Equal(64 + 16, envelope.Ciphertext.Length);
        Assert.True(TryOpenCommand(envelope, ContractSecret, ContractId, Signer, Genesis, out var command));
        Assert.Equal("transfer 30 to bob"u8.ToArray(), command);
    }

    [Fact]
    public void TryDecode_RoundTrips_AnyEnvelope()
    {
        Gen.Select(Gen.Byte, Gen.UInt, Gen.Byte.Array[32], Gen.Byte.Array[12], Gen.Byte.Array[0, 300])
            .Sample((version, epoch, ephemeral, nonce, ciphertext) =>
            {
                var envelope = new CommandEnvelope(version, epoch, new Hash256(ephemeral), nonce, ciphertext);
                Assert.True(CommandEnvelope.TryDecode(envelope.Encode(), out var decoded, out var error), error);
                Assert.Equal(envelope.Encode(), decoded.Encode());
            });
    }

    [Fact]
    public void TryDecode_Refuses_WhenTrailingBytesFollow()
    {
        var bytes = Hex.Decode(GoldenEnvelope);

        Assert.False(CommandEnvelope.TryDecode([.. bytes, 0], out _, out var error));
        Assert.Contains("trailing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Refuses_WhenCiphertextExceedsLargestBucket()
    {
        var envelope = new CommandEnvelope(1, 7, Hash256.Zero, new byte[12], new byte[CommandEnvelope.MaxCiphertextLength + 1]);

        Assert.False(CommandEnvelope.TryDecode(envelope.Encode(), out _, out var error));
        Assert.Contains("exceeds the limit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenGoldenVectorIsDamaged()
    {
        var valid = Hex.Decode(GoldenEnvelope);
        ByteMutation.Any.Sample(mutation => { _ = CommandEnvelope.TryDecode(mutation.Apply(valid), out _, out _); });
        Gen.Byte.Array[0, 200].Sample(bytes => { _ = CommandEnvelope.TryDecode(bytes, out _, out _); });
    }
}
