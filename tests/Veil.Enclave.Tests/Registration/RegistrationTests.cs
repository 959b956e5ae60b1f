using Veil.Chain;
using Veil.Chain.Runtime.Modules;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Enclave.Keys;
using Veil.Enclave.Platform;
using Veil.Protocol.Attestation;
using Veil.Protocol.Calls;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;
using Veil.Storage;

namespace Veil.Enclave.Tests.Registration;

/// <summary>
/// The chain's Registry module against the real simulated platform: only genuine, fresh, correctly
/// bound evidence from a trusted root and an allowed measurement registers a worker.
/// </summary>
public sealed class RegistrationTests : IDisposable
{
    private const ulong Now = 1_800_000_000_000;
    private static readonly byte[] Topic = "veil/test"u8.ToArray();
    private readonly Ed25519KeyPair _root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
    private readonly Ed25519KeyPair _alice = KeyDerivation.FromUri("//Alice");
    private readonly Ed25519KeyPair _bob = KeyDerivation.FromUri("//Bob");
    private readonly SimulatedPlatform _platform;
    private readonly EnclaveIdentity _identity;
    private readonly ChainService _chain;
    private readonly ChainDriver _driver;

    public RegistrationTests()
    {
        _platform = SimulatedPlatform.FromSecret(new byte[32], _root);
        _identity = EnclaveIdentity.Generate(_platform);
        var spec = ChainSpec.Dev() with { Measurements = [_platform.Measurement] };
        _chain = ChainService.Open(spec, new MemoryStore());
        _driver = new ChainDriver(_chain, _alice, Now);
    }

    [Fact]
    public void RegisterWorker_StoresTheWorker_AndAnnouncesItOnTheRegistryTopic()
    {
        var block = _driver.Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));

        var info = Worker(_identity.IdentityKey);
        Assert.NotNull(info);
        Assert.Equal(_identity.EcdhKey, info.EcdhKey);
        Assert.Equal(_alice.PublicKey, info.Operator);
        Assert.Equal(WorkerRole.Worker, info.Role);
        var message = Assert.Single(_driver.Messages(block));
        Assert.Equal(Origin.Module("Registry"), message.Sender);
        Assert.Equal(RegistryModule.EventTopic, message.TopicText);
        Assert.Equal(info.Encode(), message.Payload);
    }

    [Fact]
    public void RegisterWorker_RefreshesInsteadOfDuplicating_WhenTheSameWorkerRegistersAgain()
    {
        _driver.Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        var firstAt = Worker(_identity.IdentityKey)!.RegisteredAt;
        _driver.Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now + 5_000)));

        var info = Worker(_identity.IdentityKey)!;
        Assert.Equal(firstAt, info.RegisteredAt);
        Assert.Equal(Now + 5_000, info.AttestedAt);
        Assert.Single(WorkerKeys());
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheMeasurementIsNotAllowed()
    {
        using var tampered = SimulatedPlatform.FromSecret(new byte[32], _root, SimulatedMeasurement.OfIdentity("veil-enclave/tampered"));
        _driver.Submit(_alice, Register(_identity.CreateEvidence(tampered, _chain.GenesisHash, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheRootIsNotTrusted()
    {
        using var rogueRoot = Ed25519KeyPair.Generate();
        using var rogue = SimulatedPlatform.FromSecret(new byte[32], rogueRoot);
        _driver.Submit(_alice, Register(_identity.CreateEvidence(rogue, _chain.GenesisHash, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheEvidenceIsStale()
    {
        _driver.Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now - 3_600_000)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheEvidenceIsBoundToAnotherOperator()
    {
        // Bob replays evidence that binds Alice as the operator.
        _driver.Submit(_bob, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheEvidenceIsBoundToAnotherChain()
    {
        var otherGenesis = new Hash256(Enumerable.Repeat((byte)7, 32).ToArray());
        _driver.Submit(_alice, Register(_identity.CreateEvidence(_platform, otherGenesis, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void Relay_DeliversARegisteredWorkersMessagesOnce_InSequence()
    {
        _driver.Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        var first = Signed(0, [1]);

        var delivered = _driver.Messages(_driver.Submit(_bob, MessageQueueCall.CreateRelay(first)));
        Assert.Equal([1], Assert.Single(delivered).Payload);

        // Relaying the same message again (another worker of the cluster, or a replay) is skipped.
        Assert.Empty(_driver.Messages(_driver.Submit(_alice, MessageQueueCall.CreateRelay(first))));

        // A gap is refused; the next sequence is delivered.
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, MessageQueueCall.CreateRelay(Signed(2, [3])))));
        Assert.Equal([2], Assert.Single(_driver.Messages(_driver.Submit(_bob, MessageQueueCall.CreateRelay(Signed(1, [2]))))).Payload);
    }

    [Fact]
    public void Relay_IsRefused_WhenTheMessageWasSignedForAnotherChainOrTampered()
    {
        _driver.Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        var message = new QueueMessage(Origin.Worker(_identity.IdentityKey), Topic, [1]);
        var foreign = _identity.Signer.Sign(SignedMessage.SigningPayload(Hash256.Zero, message, 0));
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, MessageQueueCall.CreateRelay(new SignedMessage(message, 0, foreign)))));

        var good = Signed(0, [1]);
        var tampered = good with { Message = good.Message with { Payload = [2] } };
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, MessageQueueCall.CreateRelay(tampered))));
    }

    public void Dispose()
    {
        _identity.Dispose();
        _platform.Dispose();
        _root.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }

    private SignedMessage Signed(ulong sequence, byte[] payload)
    {
        var message = new QueueMessage(Origin.Worker(_identity.IdentityKey), Topic, payload);
        return new SignedMessage(message, sequence, _identity.Signer.Sign(SignedMessage.SigningPayload(_chain.GenesisHash, message, sequence)));
    }

    private byte[] Register(AttestationEvidence evidence) => RegistryCall.CreateRegisterWorker(evidence, _identity.IdentityKey, _identity.EcdhKey);


    private WorkerInfo? Worker(Hash256 identity)
        => _chain.Database.TryGet(StorageKey.RegistryWorker(identity), out var bytes) && WorkerInfo.TryDecode(bytes, out var info, out _) ? info : null;

    private List<byte[]> WorkerKeys()
    {
        var keys = new List<byte[]>();
        foreach (var entry in _chain.Database.IterateState(StorageKey.RegistryWorkerPrefix, null)) keys.Add(entry.Key);
        return keys;
    }

}
