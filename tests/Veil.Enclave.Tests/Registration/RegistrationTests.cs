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
    private ulong _time = Now;

    public RegistrationTests()
    {
        _platform = SimulatedPlatform.FromSecret(new byte[32], _root);
        _identity = EnclaveIdentity.Generate(_platform);
        var spec = ChainSpec.Dev() with { Measurements = [_platform.Measurement] };
        _chain = ChainService.Open(spec, new MemoryStore());
    }

    [Fact]
    public void RegisterWorker_StoresTheWorker_AndAnnouncesItOnTheRegistryTopic()
    {
        var block = Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));

        var info = Worker(_identity.IdentityKey);
        Assert.NotNull(info);
        Assert.Equal(_identity.EcdhKey, info.EcdhKey);
        Assert.Equal(_alice.PublicKey, info.Operator);
        Assert.Equal(WorkerRole.Worker, info.Role);
        var message = Assert.Single(Messages(block));
        Assert.Equal(Origin.Module("Registry"), message.Sender);
        Assert.Equal(RegistryModule.EventTopic, message.TopicText);
        Assert.Equal(info.Encode(), message.Payload);
    }

    [Fact]
    public void RegisterWorker_RefreshesInsteadOfDuplicating_WhenTheSameWorkerRegistersAgain()
    {
        Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        var firstAt = Worker(_identity.IdentityKey)!.RegisteredAt;
        Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now + 5_000)));

        var info = Worker(_identity.IdentityKey)!;
        Assert.Equal(firstAt, info.RegisteredAt);
        Assert.Equal(Now + 5_000, info.AttestedAt);
        Assert.Single(WorkerKeys());
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheMeasurementIsNotAllowed()
    {
        using var tampered = SimulatedPlatform.FromSecret(new byte[32], _root, SimulatedMeasurement.OfIdentity("veil-enclave/tampered"));
        Submit(_alice, Register(_identity.CreateEvidence(tampered, _chain.GenesisHash, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheRootIsNotTrusted()
    {
        using var rogueRoot = Ed25519KeyPair.Generate();
        using var rogue = SimulatedPlatform.FromSecret(new byte[32], rogueRoot);
        Submit(_alice, Register(_identity.CreateEvidence(rogue, _chain.GenesisHash, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheEvidenceIsStale()
    {
        Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now - 3_600_000)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheEvidenceIsBoundToAnotherOperator()
    {
        // Bob replays evidence that binds Alice as the operator.
        Submit(_bob, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void RegisterWorker_IsRefused_WhenTheEvidenceIsBoundToAnotherChain()
    {
        var otherGenesis = new Hash256(Enumerable.Repeat((byte)7, 32).ToArray());
        Submit(_alice, Register(_identity.CreateEvidence(_platform, otherGenesis, _alice.PublicKey, Now)));
        Assert.Null(Worker(_identity.IdentityKey));
    }

    [Fact]
    public void Relay_DeliversARegisteredWorkersMessagesOnce_InSequence()
    {
        Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        var first = Signed(0, [1]);

        var delivered = Messages(Submit(_bob, MessageQueueCall.CreateRelay(first)));
        Assert.Equal([1], Assert.Single(delivered).Payload);

        // Relaying the same message again (another worker of the cluster, or a replay) is skipped.
        Assert.Empty(Messages(Submit(_alice, MessageQueueCall.CreateRelay(first))));

        // A gap is refused; the next sequence is delivered.
        Assert.Empty(Messages(Submit(_bob, MessageQueueCall.CreateRelay(Signed(2, [3])))));
        Assert.Equal([2], Assert.Single(Messages(Submit(_bob, MessageQueueCall.CreateRelay(Signed(1, [2]))))).Payload);
    }

    [Fact]
    public void Relay_IsRefused_WhenTheMessageWasSignedForAnotherChainOrTampered()
    {
        Submit(_alice, Register(_identity.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Now)));
        var message = new QueueMessage(Origin.Worker(_identity.IdentityKey), Topic, [1]);
        var foreign = _identity.Signer.Sign(SignedMessage.SigningPayload(Hash256.Zero, message, 0));
        Assert.Empty(Messages(Submit(_bob, MessageQueueCall.CreateRelay(new SignedMessage(message, 0, foreign)))));

        var good = Signed(0, [1]);
        var tampered = good with { Message = good.Message with { Payload = [2] } };
        Assert.Empty(Messages(Submit(_bob, MessageQueueCall.CreateRelay(tampered))));
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

    private FinalizedBlock Submit(Ed25519KeyPair signer, byte[] call)
    {
        var nonce = _chain.Pool.NextNonce(signer.PublicKey);
        var context = _chain.SigningContext;
        var extrinsic = ExtrinsicCodec.EncodeSigned(signer.PublicKey, call, Era.Immortal, nonce, 0, context, context.GenesisHash, signer.Sign);
        var check = _chain.Pool.Submit(extrinsic, out _);
        Assert.True(check.IsValid, check.Message);
        _time += 1_000;
        var block = _chain.ProduceBlock(_alice, _time, allowEmpty: false)!;
        Assert.Single(block.Block.Extrinsics);
        return block;
    }

    private WorkerInfo? Worker(Hash256 identity)
        => _chain.Database.TryGet(StorageKey.RegistryWorker(identity), out var bytes) && WorkerInfo.TryDecode(bytes, out var info, out _) ? info : null;

    private List<byte[]> WorkerKeys()
    {
        var keys = new List<byte[]>();
        foreach (var entry in _chain.Database.IterateState(StorageKey.RegistryWorkerPrefix, null)) keys.Add(entry.Key);
        return keys;
    }

    private List<QueueMessage> Messages(FinalizedBlock block)
    {
        var reader = new ScaleReader(_chain.Database.GetEncodedMessages(block.Block.Header.Hash));
        var count = reader.ReadLength(100);
        var list = new List<QueueMessage>();
        for (var i = 0; i < count; i++) list.Add(QueueMessage.Decode(ref reader));
        Assert.True(reader.TryFinish(out var error), error);
        return list;
    }
}
