using CsCheck;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Confidential;
using Veil.Protocol.Confidential;
using static Veil.Enclave.Tests.Confidential.ConfidentialFixtures;

namespace Veil.Enclave.Tests.Confidential;

public class CommandOpenerTests
{
    // The Protocol tests' golden command envelope (CommandEnvelopeTests.GoldenEnvelope): the enclave
    // must open what clients seal, byte for byte.
    private const string GoldenEnvelope =
        "0x010700000079a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a606162636465666768696a6b"
        + "41014cf900446e173c3528cca6cc61397c34b04cb520ad51d18b7ec84c247839edf61c9eba3a26adb680ed409c9aa2af4347"
        + "c66474c18f55b35447121985495b40059cae34fe2612388deeda4e114d974075";

    [Fact]
    public void TryOpen_ReturnsCommand_WhenInputIsGoldenVector()
    {
        using var keys = GoldenContractKeys();
        using var opener = new CommandOpener(keys, Genesis);

        Assert.True(opener.TryOpen(Hex.Decode(GoldenEnvelope), Alice.PublicKey, out var command, out var error), error);
        Assert.Equal("transfer 30 to bob"u8.ToArray(), command);
    }

    [Fact]
    public void TryOpen_ReturnsEachCommand_WhenSealedByAClientSession()
    {
        using var keys = DerivedKeys(ContractId);
        using var opener = new CommandOpener(keys, Genesis);
        using var sealer = new CommandSealer(keys.PublicKeys, Genesis);

        Gen.Byte.Array[0, 3000].Sample(command =>
        {
            var envelope = sealer.Seal(Alice.PublicKey, command).Encode();
            Assert.True(opener.TryOpen(envelope, Alice.PublicKey, out var opened, out var error), error);
            Assert.Equal(command, opened);
        }, iter: 200);
    }

    [Fact]
    public void TryOpen_RefusesEveryTamperedByte_WithoutThrowing()
    {
        using var keys = GoldenContractKeys();
        using var opener = new CommandOpener(keys, Genesis);
        var valid = Hex.Decode(GoldenEnvelope);

        for (var i = 0; i < valid.Length; i++)
        {
            var tampered = (byte[])valid.Clone();
            tampered[i] ^= 0x01;
            Assert.False(opener.TryOpen(tampered, Alice.PublicKey, out var command, out var error), $"byte {i}");
            Assert.Empty(command);
            Assert.StartsWith("command refused: ", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryOpen_NeverThrows_WhenInputIsGarbageOrDamaged()
    {
        using var keys = GoldenContractKeys();
        using var opener = new CommandOpener(keys, Genesis);
        var valid = Hex.Decode(GoldenEnvelope);

        ByteMutation.Any.Sample(mutation => Assert.False(opener.TryOpen(mutation.Apply(valid), Alice.PublicKey, out _, out _)));
        Gen.Byte.Array[0, 400].Sample(bytes => Assert.False(opener.TryOpen(bytes, Alice.PublicKey, out _, out _)));
        Gen.Byte.Array[80].Sample(ciphertext =>
        {
            var envelope = new CommandEnvelope(1, 7, new Hash256(ciphertext[..32]), ciphertext[32..44], ciphertext);
            Assert.False(opener.TryOpen(envelope, Alice.PublicKey, out _, out _));
        });
    }

    [Fact]
    public void TryOpen_Refuses_WhenSignerOrChainOrContractDiffers()
    {
        using var keys = DerivedKeys(ContractId);
        using var otherContract = DerivedKeys(OtherContractId);
        using var sealer = new CommandSealer(keys.PublicKeys, Genesis);
        var envelope = sealer.Seal(Alice.PublicKey, "transfer"u8);

        using (var opener = new CommandOpener(keys, Genesis))
        {
            Assert.False(opener.TryOpen(envelope, Mallory.PublicKey, out _, out var error));
            Assert.Contains("authentication failed", error, StringComparison.Ordinal);
        }

        using (var otherChain = new CommandOpener(keys, OtherGenesis))
        {
            Assert.False(otherChain.TryOpen(envelope, Alice.PublicKey, out _, out var error));
            Assert.Contains("authentication failed", error, StringComparison.Ordinal);
        }

        using (var wrongContract = new CommandOpener(otherContract, Genesis))
        {
            Assert.False(wrongContract.TryOpen(envelope, Alice.PublicKey, out _, out var error));
            Assert.Contains("authentication failed", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryOpen_Refuses_WhenEpochOrVersionDiffers()
    {
        using var keys = DerivedKeys(ContractId, epoch: 1);
        using var opener = new CommandOpener(keys, Genesis);
        using var sealer = new CommandSealer(keys.PublicKeys, Genesis);
        var envelope = sealer.Seal(Alice.PublicKey, "transfer"u8);

        Assert.False(opener.TryOpen(envelope with { Epoch = 2 }, Alice.PublicKey, out _, out var error));
        Assert.Equal($"command refused: sealed for key epoch 2, contract {ContractId} is in epoch 1", error);
        Assert.False(opener.TryOpen(envelope with { Version = 2 }, Alice.PublicKey, out _, out error));
        Assert.Equal("command refused: envelope version 2, this enclave reads version 1", error);
    }

    [Fact]
    public void TryOpen_Refuses_WhenPaddingIsNotCanonical()
    {
        using var keys = DerivedKeys(ContractId);
        using var opener = new CommandOpener(keys, Genesis);
        var padded = PlaintextPadding.Pad("hi"u8);
        padded[^1] = 0xff;

        var envelope = SealRaw(keys.PublicKeys, padded);

        Assert.False(opener.TryOpen(envelope, Alice.PublicKey, out _, out var error));
        Assert.Equal("command refused: padding holds non-zero bytes", error);
    }

    [Fact]
    public void TryOpen_Refuses_WhenCiphertextIsNotABucketSize()
    {
        using var keys = DerivedKeys(ContractId);
        using var opener = new CommandOpener(keys, Genesis);

        var envelope = SealRaw(keys.PublicKeys, new byte[100]);

        Assert.False(opener.TryOpen(envelope, Alice.PublicKey, out _, out var error));
        Assert.Contains("not a padded command plus tag", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_CostsOneKeyDerivation_PerSession()
    {
        using var keys = DerivedKeys(ContractId);
        using var opener = new CommandOpener(keys, Genesis);
        using var session = new CommandSealer(keys.PublicKeys, Genesis);

        for (var i = 0; i < 100; i++)
        {
            Assert.True(opener.TryOpen(session.Seal(Alice.PublicKey, "x"u8), Alice.PublicKey, out _, out var error), error);
        }

        Assert.Equal(1, opener.CacheMisses);
        Assert.Equal(99, opener.CacheHits);
        Assert.Equal(1, opener.CachedKeyCount);
    }

    [Fact]
    public void TryOpen_KeepsCacheBounded_AndStillOpensEvictedSessions()
    {
        using var keys = DerivedKeys(ContractId);
        using var opener = new CommandOpener(keys, Genesis, cacheCapacity: 4);
        var sessions = Enumerable.Range(0, 10).Select(_ => new CommandSealer(keys.PublicKeys, Genesis)).ToList();
        try
        {
            foreach (var session in sessions)
            {
                Assert.True(opener.TryOpen(session.Seal(Alice.PublicKey, "x"u8), Alice.PublicKey, out _, out _));
            }

            Assert.Equal(4, opener.CachedKeyCount);

            // The most recent four are cached; the first was evicted and is derived again.
            Assert.True(opener.TryOpen(sessions[9].Seal(Alice.PublicKey, "x"u8), Alice.PublicKey, out _, out _));
            Assert.Equal(1, opener.CacheHits);
            Assert.True(opener.TryOpen(sessions[0].Seal(Alice.PublicKey, "x"u8), Alice.PublicKey, out var command, out var error), error);
            Assert.Equal("x"u8.ToArray(), command);
            Assert.Equal(11, opener.CacheMisses);
            Assert.Equal(4, opener.CachedKeyCount);
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void TryOpen_DoesNotCacheKeys_OfCommandsThatFailToOpen()
    {
        using var keys = DerivedKeys(ContractId);
        using var opener = new CommandOpener(keys, Genesis, cacheCapacity: 4);
        using var honest = new CommandSealer(keys.PublicKeys, Genesis);
        Assert.True(opener.TryOpen(honest.Seal(Alice.PublicKey, "x"u8), Alice.PublicKey, out _, out _));

        for (var i = 0; i < 50; i++)
        {
            using var attacker = new CommandSealer(keys.PublicKeys, Genesis);
            Assert.False(opener.TryOpen(attacker.Seal(Mallory.PublicKey, "x"u8), Alice.PublicKey, out _, out _));
        }

        Assert.Equal(1, opener.CachedKeyCount);
        var hitsBefore = opener.CacheHits;
        Assert.True(opener.TryOpen(honest.Seal(Alice.PublicKey, "y"u8), Alice.PublicKey, out _, out _));
        Assert.Equal(hitsBefore + 1, opener.CacheHits);
    }

    [Fact]
    public async Task TryOpen_OpensEveryCommand_WhenCalledFromManyThreads()
    {
        using var keys = DerivedKeys(ContractId);
        using var opener = new CommandOpener(keys, Genesis, cacheCapacity: 2);
        var sessions = Enumerable.Range(0, 4).Select(_ => new CommandSealer(keys.PublicKeys, Genesis)).ToArray();
        try
        {
            var tasks = sessions.Select(session => Task.Run(() =>
            {
                for (var i = 0; i < 200; i++)
                {
                    var command = BitConverter.GetBytes(i);
                    Assert.True(opener.TryOpen(session.Seal(Alice.PublicKey, command), Alice.PublicKey, out var opened, out var error), error);
                    Assert.Equal(command, opened);
                }
            }));
            await Task.WhenAll(tasks);
        }
        finally
        {
            Array.ForEach(sessions, s => s.Dispose());
        }
    }

    /// <summary>An envelope whose padded plaintext the test chooses, sealed with the real key schedule.</summary>
    private static CommandEnvelope SealRaw(ContractPublicKeys contract, byte[] padded)
    {
        using var ephemeral = X25519KeyPair.Generate();
        var shared = new byte[32];
        Assert.True(ephemeral.TryAgree(contract.EcdhKey.ToArray(), shared));
        var key = new byte[32];
        var ephemeralKey = new Hash256(ephemeral.PublicKey);
        EnvelopeKeys.DeriveCommandKey(shared, ephemeralKey, contract.EcdhKey, key);
        var associatedData = new byte[CommandEnvelope.AssociatedDataSize];
        CommandEnvelope.WriteAssociatedData(contract.ContractId, Alice.PublicKey, Genesis, associatedData);
        var nonce = SecureRandom.GetBytes(12);
        using var aead = new Aes256Gcm(key);
        return new CommandEnvelope(1, contract.Epoch, ephemeralKey, nonce, aead.Seal(nonce, padded, associatedData: associatedData));
    }
}
