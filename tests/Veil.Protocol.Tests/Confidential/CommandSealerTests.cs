using Veil.Core;
using Veil.Protocol.Confidential;
using static Veil.Protocol.Tests.Confidential.ConfidentialSamples;

namespace Veil.Protocol.Tests.Confidential;

public class CommandSealerTests
{
    [Fact]
    public void Seal_GivesEnvelopeTheContractCanOpen_WhenSignerAndChainMatch()
    {
        using var sealer = new CommandSealer(Contract, Genesis);

        var envelope = sealer.Seal(Signer, "deposit 100"u8);

        Assert.Equal(Contract.Epoch, envelope.Epoch);
        Assert.True(TryOpenCommand(envelope, ContractSecret, ContractId, Signer, Genesis, out var command));
        Assert.Equal("deposit 100"u8.ToArray(), command);
    }

    [Fact]
    public void Seal_BindsSignerContractAndChain_WhenOpenedWithAnyOther()
    {
        using var sealer = new CommandSealer(Contract, Genesis);
        var envelope = sealer.Seal(Signer, "deposit 100"u8);
        var other = new Hash256(Enumerable.Repeat((byte)0x99, 32).ToArray());

        Assert.False(TryOpenCommand(envelope, ContractSecret, ContractId, OtherAccount.PublicKey, Genesis, out _));
        Assert.False(TryOpenCommand(envelope, ContractSecret, other, Signer, Genesis, out _));
        Assert.False(TryOpenCommand(envelope, ContractSecret, ContractId, Signer, other, out _));
        Assert.False(TryOpenCommand(envelope, Enumerable.Repeat((byte)7, 32).ToArray(), ContractId, Signer, Genesis, out _));
    }

    [Fact]
    public void Seal_NeverRepeatsANonce_Across10000Commands()
    {
        using var sealer = new CommandSealer(Contract, Genesis);
        var nonces = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 10_000; i++)
        {
            var envelope = sealer.Seal(Signer, "x"u8);
            Assert.Equal(sealer.EphemeralKey, envelope.SenderEphemeralKey);
            Assert.True(nonces.Add(Convert.ToHexString(envelope.Nonce)), $"nonce repeated at command {i}");
        }
    }

    [Fact]
    public void Seal_GivesDifferentCiphertexts_WhenSameCommandIsSealedTwice()
    {
        using var sealer = new CommandSealer(Contract, Genesis);

        var first = sealer.Seal(Signer, "same"u8);
        var second = sealer.Seal(Signer, "same"u8);

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
    }

    [Fact]
    public void Seal_UsesANewEphemeralKey_ForEachSession()
    {
        using var first = new CommandSealer(Contract, Genesis);
        using var second = new CommandSealer(Contract, Genesis);

        Assert.NotEqual(first.EphemeralKey, second.EphemeralKey);
    }

    [Theory]
    [InlineData(1, 60, 64)]
    [InlineData(61, 252, 256)]
    [InlineData(253, 1020, 1024)]
    [InlineData(5000, 16380, 16384)]
    public void Seal_HidesLengthWithinBucket_WhenCommandsDifferInSize(int small, int large, int bucket)
    {
        using var sealer = new CommandSealer(Contract, Genesis);

        var a = sealer.Seal(Signer, new byte[small]).Encode();
        var b = sealer.Seal(Signer, new byte[large]).Encode();

        Assert.Equal(a.Length, b.Length);
        Assert.Equal(bucket + 16, sealer.Seal(Signer, new byte[small]).Ciphertext.Length);
    }

    [Fact]
    public void Seal_Throws_WhenCommandIsLongerThanLargestBucket()
    {
        using var sealer = new CommandSealer(Contract, Genesis);

        Assert.Throws<ArgumentException>(() => sealer.Seal(Signer, new byte[CommandEnvelope.MaxCommandLength + 1]));
        Assert.Equal(65536 + 16, sealer.Seal(Signer, new byte[CommandEnvelope.MaxCommandLength]).Ciphertext.Length);
    }

    [Fact]
    public void Constructor_Throws_WhenContractKeyIsLowOrder()
    {
        var lowOrder = Contract with { EcdhKey = Hash256.Zero };

        Assert.Throws<ArgumentException>(() => new CommandSealer(lowOrder, Genesis));
    }

    [Fact]
    public void Seal_Throws_WhenDisposed()
    {
        var sealer = new CommandSealer(Contract, Genesis);
        sealer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => sealer.Seal(Signer, "x"u8));
    }
}
