using CsCheck;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Keys;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Confidential;
using static Veil.Enclave.Tests.Confidential.ConfidentialFixtures;

namespace Veil.Enclave.Tests.Confidential;

public class KeyCourierTests
{
    // Contract keys of ContractKeysTests' golden master (epoch 3) to recipient identity 0x55… with ECDH
    // secret 0x77…; ephemeral secret 0x40..0x5f, nonce 0x60..0x6b. Also computed by Python's `cryptography`.
    private const string GoldenDelivery =
        "0x01005555555555555555555555555555555555555555555555555555555555555555111111111111111111111111111111"
        + "11111111111111111111111111111111110300000079a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af"
        + "85a51a606162636465666768696a6b4101826ca11570fe28fcdb65a75f42b841fc4ee3c9a960913483dfcea44a579885f61e"
        + "577f8547cbaa8949035583aa46916737ee88e8a290ef7ca3c46ba83367d355e933750f2a4ab51a6228ab207d95a5d5";

    [Fact]
    public void Seal_MatchesGoldenVector_WhenEphemeralKeyAndNonceAreFixed()
    {
        using var keys = DerivedKeys(ContractId, 3);
        var secrets = new byte[64];
        keys.ExportSecrets(secrets);
        var recipientEcdh = new byte[32];
        X25519.DerivePublicKey(Enumerable.Repeat((byte)0x77, 32).ToArray(), recipientEcdh);

        var delivery = KeyCourier.Seal(
            KeyDeliveryKind.ContractKeys,
            ContractId,
            3,
            secrets,
            new Hash256(Enumerable.Repeat((byte)0x55, 32).ToArray()),
            new Hash256(recipientEcdh),
            Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray(),
            Enumerable.Range(0x60, 12).Select(i => (byte)i).ToArray());

        Assert.Equal(GoldenDelivery, Hex.Encode(delivery.Encode()));
    }

    [Fact]
    public void TryOpenContractKeys_GivesTheSameKeys_OnlyToTheRecipient()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var worker = EnclaveIdentity.Generate(platform);
        using var otherWorker = EnclaveIdentity.Generate(platform);
        using var keys = DerivedKeys(ContractId);

        var delivery = KeyCourier.SealContractKeys(platform, keys, worker.IdentityKey, worker.EcdhKey);

        Assert.True(KeyCourier.TryOpenContractKeys(worker, delivery, keys.PublicKeys, out var opened, out var error), error);
        using (opened)
        {
            Assert.Equal(keys.PublicKeys, opened.PublicKeys);
            Assert.Equal(keys.Signer.Sign("m"u8), opened.Signer.Sign("m"u8));
        }

        Assert.False(KeyCourier.TryOpenContractKeys(otherWorker, delivery, keys.PublicKeys, out var stolen, out error));
        Assert.Null(stolen);
        Assert.Contains("not to this enclave", error, StringComparison.Ordinal);

        // Readdressed to the other worker, the AEAD still refuses: it was sealed to the first worker's ECDH key.
        var readdressed = delivery with { Recipient = otherWorker.IdentityKey };
        Assert.False(KeyCourier.TryOpenContractKeys(otherWorker, readdressed, keys.PublicKeys, out _, out error));
        Assert.Contains("authentication failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpenContractKeys_RefusesEveryTamperedByte_WithoutThrowing()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var worker = EnclaveIdentity.Generate(platform);
        using var keys = DerivedKeys(ContractId);
        var valid = KeyCourier.SealContractKeys(platform, keys, worker.IdentityKey, worker.EcdhKey).Encode();

        for (var i = 0; i < valid.Length; i++)
        {
            var tampered = (byte[])valid.Clone();
            tampered[i] ^= 0x01;
            if (KeyDelivery.TryDecode(tampered, out var delivery, out _))
            {
                Assert.False(KeyCourier.TryOpenContractKeys(worker, delivery, keys.PublicKeys, out _, out var error), $"byte {i}");
                Assert.StartsWith("key delivery refused: ", error, StringComparison.Ordinal);
            }
        }

        ByteMutation.Any.Sample(mutation =>
        {
            if (KeyDelivery.TryDecode(mutation.Apply(valid), out var delivery, out _))
            {
                _ = KeyCourier.TryOpenContractKeys(worker, delivery, keys.PublicKeys, out var opened, out _);
                opened?.Dispose();
            }
        });
    }

    [Fact]
    public void TryOpenContractKeys_Refuses_WhenKeysAreNotThePublishedOnes()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var worker = EnclaveIdentity.Generate(platform);
        using var forged = new MasterKey(Enumerable.Repeat((byte)9, 32).ToArray(), 1);
        using var forgedKeys = forged.DeriveContractKeys(ContractId);
        using var published = DerivedKeys(ContractId);

        var delivery = KeyCourier.SealContractKeys(platform, forgedKeys, worker.IdentityKey, worker.EcdhKey);

        Assert.False(KeyCourier.TryOpenContractKeys(worker, delivery, published.PublicKeys, out _, out var error));
        Assert.Contains("not the published keys", error, StringComparison.Ordinal);
        Assert.False(KeyCourier.TryOpenContractKeys(worker, delivery, published.PublicKeys with { Epoch = 2 }, out _, out error));
        Assert.Contains("epoch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpenMasterKey_GivesTheSameMaster_ToANewGatekeeper()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var newGatekeeper = EnclaveIdentity.Generate(platform);
        using var master = MasterKey.Generate(platform, 5);

        var delivery = KeyCourier.SealMasterKey(platform, master, newGatekeeper.IdentityKey, newGatekeeper.EcdhKey);

        Assert.Equal(Hash256.Zero, delivery.ContractId);
        Assert.True(KeyCourier.TryOpenMasterKey(newGatekeeper, delivery, out var received, out var error), error);
        using (received)
        using (var a = master.DeriveContractKeys(ContractId))
        using (var b = received.DeriveContractKeys(ContractId))
        {
            Assert.Equal(5u, received.Epoch);
            Assert.Equal(a.PublicKeys, b.PublicKeys);
        }

        Assert.False(KeyCourier.TryOpenMasterKey(newGatekeeper, delivery with { Epoch = 6 }, out _, out error));
        Assert.Contains("authentication failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_Refuses_WhenKindDoesNotMatch()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var worker = EnclaveIdentity.Generate(platform);
        using var master = MasterKey.Generate(platform, 1);
        using var keys = DerivedKeys(ContractId);

        var masterDelivery = KeyCourier.SealMasterKey(platform, master, worker.IdentityKey, worker.EcdhKey);
        var keysDelivery = KeyCourier.SealContractKeys(platform, keys, worker.IdentityKey, worker.EcdhKey);

        Assert.False(KeyCourier.TryOpenContractKeys(worker, masterDelivery with { ContractId = ContractId, Epoch = 1 }, keys.PublicKeys, out _, out var error));
        Assert.Contains("carries MasterKey", error, StringComparison.Ordinal);
        Assert.False(KeyCourier.TryOpenMasterKey(worker, keysDelivery, out _, out error));
        Assert.Contains("carries ContractKeys", error, StringComparison.Ordinal);
        Assert.False(KeyCourier.TryOpenMasterKey(worker, keysDelivery with { Kind = KeyDeliveryKind.MasterKey }, out _, out error));
        Assert.StartsWith("key delivery refused: ", error, StringComparison.Ordinal);
    }
}
