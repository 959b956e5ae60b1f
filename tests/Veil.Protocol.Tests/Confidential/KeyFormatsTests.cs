using CsCheck;
using Veil.Core;
using Veil.Protocol.Confidential;

namespace Veil.Protocol.Tests.Confidential;

public class KeyFormatsTests
{
    [Fact]
    public void ContractPublicKeys_Encode_IsIdEpochEcdhKeySigningKey()
    {
        var keys = new ContractPublicKeys(
            new Hash256(Enumerable.Repeat((byte)0x11, 32).ToArray()),
            0x01020304,
            new Hash256(Enumerable.Repeat((byte)0x22, 32).ToArray()),
            new Hash256(Enumerable.Repeat((byte)0x33, 32).ToArray()));

        var encoded = keys.Encode();

        Assert.Equal(ContractPublicKeys.EncodedSize, encoded.Length);
        Assert.Equal(
            "0x" + string.Concat(Enumerable.Repeat("11", 32)) + "04030201" + string.Concat(Enumerable.Repeat("22", 32)) + string.Concat(Enumerable.Repeat("33", 32)),
            Hex.Encode(encoded));
        Assert.True(ContractPublicKeys.TryDecode(encoded, out var decoded, out var error), error);
        Assert.Equal(keys, decoded);
    }

    [Fact]
    public void ContractPublicKeys_TryDecode_NeverThrows_WhenInputIsDamaged()
    {
        var valid = new ContractPublicKeys(Hash256.Zero, 1, Hash256.Zero, Hash256.Zero).Encode();
        ByteMutation.Any.Sample(mutation => { _ = ContractPublicKeys.TryDecode(mutation.Apply(valid), out _, out _); });
    }

    [Fact]
    public void KeyDelivery_TryDecode_RoundTrips_AnyDelivery()
    {
        Gen.Select(Gen.Int[0, 1], Gen.Byte.Array[32], Gen.UInt, Gen.Byte.Array[12], Gen.Byte.Array[0, 80]).Sample((kind, key, epoch, nonce, ciphertext) =>
        {
            var delivery = new KeyDelivery(1, (KeyDeliveryKind)kind, new Hash256(key), new Hash256(key.Reverse().ToArray()), epoch, Hash256.Zero, nonce, ciphertext);
            Assert.True(KeyDelivery.TryDecode(delivery.Encode(), out var decoded, out var error), error);
            Assert.Equal(delivery.Encode(), decoded.Encode());
        });
    }

    [Fact]
    public void KeyDelivery_TryDecode_Refuses_WhenKindIsUnknown()
    {
        var bytes = new KeyDelivery(1, KeyDeliveryKind.MasterKey, Hash256.Zero, Hash256.Zero, 1, Hash256.Zero, new byte[12], new byte[48]).Encode();
        bytes[1] = 7;

        Assert.False(KeyDelivery.TryDecode(bytes, out _, out var error));
        Assert.Contains("unknown KeyDeliveryKind variant 7", error, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyDelivery_TryDecode_NeverThrows_WhenInputIsRandom()
        => Gen.Byte.Array[0, 300].Sample(bytes => { _ = KeyDelivery.TryDecode(bytes, out _, out _); });
}
