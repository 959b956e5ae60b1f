using System.Text;
using Veil.Chain;
using Veil.Chain.Runtime;
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
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Transactions;
using Veil.Storage;

namespace Veil.Enclave.Tests.Contracts;

/// <summary>
/// The chain side of the contract pipeline with real attested enclaves: deploy to a cluster, keys
/// published by the gatekeeper only, deposits locked and delivered, releases signed by the contract only,
/// state reports from the cluster only.
/// </summary>
public sealed class ContractPipelineTests : IDisposable
{
    private const ulong Start = 1_800_000_000_000;
    private readonly Ed25519KeyPair _root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
    private readonly Ed25519KeyPair _alice = KeyDerivation.FromUri("//Alice");
    private readonly Ed25519KeyPair _bob = KeyDerivation.FromUri("//Bob");
    private readonly SimulatedPlatform _platform;
    private readonly EnclaveIdentity _gatekeeper;
    private readonly EnclaveIdentity _worker;
    private readonly EnclaveIdentity _otherWorker;
    private readonly Ed25519KeyPair _contractSigner = Ed25519KeyPair.Generate();
    private readonly ChainService _chain;
    private readonly ChainDriver _driver;
    private readonly Dictionary<Hash256, ulong> _sequences = [];

    public ContractPipelineTests()
    {
        _platform = SimulatedPlatform.FromSecret(new byte[32], _root);
        _gatekeeper = EnclaveIdentity.Generate(_platform);
        _worker = EnclaveIdentity.Generate(_platform);
        _otherWorker = EnclaveIdentity.Generate(_platform);
        var spec = ChainSpec.Dev() with { Measurements = [_platform.Measurement], Gatekeepers = [_gatekeeper.IdentityKey] };
        _chain = ChainService.Open(spec, new MemoryStore());
        _driver = new ChainDriver(_chain, _alice, Start);
        foreach (var enclave in new[] { _gatekeeper, _worker, _otherWorker })
        {
            _driver.Submit(_alice, RegistryCall.CreateRegisterWorker(enclave.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Start), enclave.IdentityKey, enclave.EcdhKey));
        }
    }

    [Fact]
    public void DeployBuiltin_StoresTheContract_AndAnnouncesItToTheCluster()
    {
        var (id, block) = Deploy([_worker.IdentityKey, _otherWorker.IdentityKey]);

        var info = ContractsModule.Get(_chain.Database, id)!;
        Assert.Equal("Wallet", info.Kind);
        Assert.Equal([_worker.IdentityKey, _otherWorker.IdentityKey], info.Cluster);
        Assert.False(info.HasKeys);
        var message = Assert.Single(_driver.Messages(block));
        Assert.Equal(ContractTopics.Deployed, message.TopicText);
        Assert.Equal(info.Encode(), message.Payload);
    }

    [Theory]
    [InlineData("NoSuchContract", false)]
    [InlineData("Wallet", true)]
    public void DeployBuiltin_DeploysNothing_WhenTheKindIsUnknownOrAWorkerIsNotRegistered(string kind, bool unregisteredWorker)
    {
        using var stranger = Ed25519KeyPair.Generate();
        var cluster = unregisteredWorker ? [new Hash256(stranger.PublicKeyBytes)] : new[] { _worker.IdentityKey };
        var block = _driver.Submit(_bob, ContractsCall.CreateDeployBuiltin(kind, cluster));
        Assert.Empty(_driver.Messages(block));
    }

    [Fact]
    public void AddWorker_GrowsTheClusterAndAnnouncesTheJoin_WhenTheDeployerAddsARegisteredWorker()
    {
        var (id, _) = Deploy([_worker.IdentityKey]);

        var block = _driver.Submit(_bob, ContractsCall.CreateAddWorker(id, _otherWorker.IdentityKey));

        var info = ContractsModule.Get(_chain.Database, id)!;
        Assert.Equal([_worker.IdentityKey, _otherWorker.IdentityKey], info.Cluster);
        var message = Assert.Single(_driver.Messages(block));
        Assert.Equal(ContractTopics.Joined, message.TopicText);
        Assert.Equal(Origin.Module("Contracts"), message.Sender);
        Assert.Equal([.. info.Encode(), .. _otherWorker.IdentityKey.ToArray()], message.Payload);
    }

    [Theory]
    [InlineData("not the deployer")]
    [InlineData("already a member")]
    [InlineData("not registered")]
    [InlineData("a gatekeeper")]
    [InlineData("no such contract")]
    public void AddWorker_ChangesNothing_WhenTheCallIsNotAllowed(string reason)
    {
        var (id, _) = Deploy([_worker.IdentityKey]);
        using var stranger = Ed25519KeyPair.Generate();
        var (signer, contract, worker) = reason switch
        {
            "not the deployer" => (_alice, id, _otherWorker.IdentityKey),
            "already a member" => (_bob, id, _worker.IdentityKey),
            "not registered" => (_bob, id, new Hash256(stranger.PublicKeyBytes)),
            "a gatekeeper" => (_bob, id, _gatekeeper.IdentityKey),
            _ => (_bob, new Hash256(stranger.PublicKeyBytes), _otherWorker.IdentityKey),
        };

        var block = _driver.Submit(signer, ContractsCall.CreateAddWorker(contract, worker));

        Assert.Empty(_driver.Messages(block));
        Assert.Equal([_worker.IdentityKey], ContractsModule.Get(_chain.Database, id)!.Cluster);
    }

    [Fact]
    public void PublishKeys_IsAcceptedFromTheGatekeeperOnly_AndAFailedMessageDoesNotStallTheSender()
    {
        var (id, _) = Deploy([_worker.IdentityKey]);

        Relay(_worker, ContractTopics.PublishKeys, KeysPayload(id));
        Assert.False(ContractsModule.Get(_chain.Database, id)!.HasKeys);

        Relay(_gatekeeper, ContractTopics.PublishKeys, KeysPayload(id));
        var info = ContractsModule.Get(_chain.Database, id)!;
        Assert.True(info.HasKeys);
        Assert.Equal(new Hash256(_contractSigner.PublicKeyBytes), info.SigningKey);

        // The worker's refused message consumed its sequence: its next message is accepted.
        var block = Relay(_worker, "veil/test", [1]);
        Assert.Single(_driver.Messages(block));
    }

    [Fact]
    public void Deposit_LocksPublicVeil_AndDeliversAPlaintextDepositToTheContract()
    {
        var (id, _) = Deploy([_worker.IdentityKey]);
        var amount = ChainParameters.OneVeil * 100;

        var block = _driver.Submit(_bob, ContractsCall.CreateDeposit(id, amount));

        Assert.Equal(amount, _chain.GetAccount(ContractLock.AccountOf(id)).Free);
        var message = Assert.Single(_driver.Messages(block));
        Assert.Equal(Origin.Module("Balances"), message.Sender);
        Assert.Equal(ContractTopics.Command(id), message.TopicText);
        Assert.True(ContractDeposit.TryDecode(message.Payload, out var deposit, out _));
        Assert.Equal(new ContractDeposit(_bob.PublicKey, amount), deposit);
    }

    [Fact]
    public void Release_PaysOutLockedVeil_OnlyOnTheContractsOwnSignature_AndNeverMoreThanLocked()
    {
        var (id, _) = Deploy([_worker.IdentityKey]);
        Relay(_gatekeeper, ContractTopics.PublishKeys, KeysPayload(id));
        _driver.Submit(_bob, ContractsCall.CreateDeposit(id, ChainParameters.OneVeil * 100));
        var charlie = KeyDerivation.FromUri("//Charlie").PublicKey;
        var before = _chain.GetAccount(charlie).Free;

        // A worker cannot release a contract's funds by itself.
        Relay(_worker, ContractTopics.Release, ReleasePayload(charlie, ChainParameters.OneVeil * 10));
        Assert.Equal(before, _chain.GetAccount(charlie).Free);

        RelayFromContract(id, 0, ReleasePayload(charlie, ChainParameters.OneVeil * 10));
        Assert.Equal(before + (ChainParameters.OneVeil * 10), _chain.GetAccount(charlie).Free);

        RelayFromContract(id, 1, ReleasePayload(charlie, ChainParameters.OneVeil * 1000));
        Assert.Equal(before + (ChainParameters.OneVeil * 10), _chain.GetAccount(charlie).Free);
        Assert.Equal(ChainParameters.OneVeil * 90, _chain.GetAccount(ContractLock.AccountOf(id)).Free);
    }

    [Fact]
    public void StateReport_IsStoredForClusterWorkers_AndRefusedFromOutsiders()
    {
        var (id, _) = Deploy([_worker.IdentityKey]);
        var hash = new Hash256(Enumerable.Repeat((byte)5, 32).ToArray());

        Relay(_worker, ContractTopics.StateReport, ReportPayload(id, 3, hash));
        Relay(_otherWorker, ContractTopics.StateReport, ReportPayload(id, 3, hash));

        Assert.True(_chain.Database.TryGet(Veil.Protocol.Storage.StorageKey.ContractStateReport(id, _worker.IdentityKey), out var report));
        Assert.Equal(hash.ToArray(), report.AsSpan(4).ToArray());
        Assert.False(_chain.Database.TryGet(Veil.Protocol.Storage.StorageKey.ContractStateReport(id, _otherWorker.IdentityKey), out _));
    }

    public void Dispose()
    {
        _gatekeeper.Dispose();
        _worker.Dispose();
        _otherWorker.Dispose();
        _contractSigner.Dispose();
        _platform.Dispose();
        _root.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }

    [Fact]
    public void PushedCommand_IsKeptOutOfTheQueue_WhenTheContractIsUnknownKeylessOrTheEnvelopeMalformed()
    {
        var command = Encoding.UTF8.GetBytes("transfer");
        byte[] Envelope(uint epoch, int ciphertextLength) => new CommandEnvelope(CommandEnvelope.CurrentVersion, epoch, new Hash256(new byte[32]), new byte[12], new byte[ciphertextLength]).Encode();
        var wellFormedLength = PlaintextPadding.Pad(command).Length + Aes256Gcm.TagSize;
        byte[] Push(Hash256 contract, byte[] payload) => MessageQueueCall.CreatePush(Encoding.UTF8.GetBytes(ContractTopics.Command(contract)), payload);

        var unknown = new Hash256(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, Push(unknown, Envelope(1, wellFormedLength)))));

        var (id, _) = Deploy([_worker.IdentityKey]);
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, Push(id, Envelope(1, wellFormedLength)))));

        Relay(_gatekeeper, ContractTopics.PublishKeys, KeysPayload(id));
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, Push(id, [1, 2, 3]))));
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, Push(id, Envelope(2, wellFormedLength)))));
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, Push(id, Envelope(1, wellFormedLength + 1)))));

        var delivered = Assert.Single(_driver.Messages(_driver.Submit(_bob, Push(id, Envelope(1, wellFormedLength)))));
        Assert.Equal(Origin.Account(_bob.PublicKey), delivered.Sender);
    }

    private (Hash256 Id, FinalizedBlock Block) Deploy(Hash256[] cluster)
    {
        var block = _driver.Submit(_bob, ContractsCall.CreateDeployBuiltin("Wallet", cluster));
        var message = Assert.Single(_driver.Messages(block));
        Assert.True(ContractInfo.TryDecode(message.Payload, out var info, out var error), error);
        return (info.Id, block);
    }

    private byte[] KeysPayload(Hash256 id)
    {
        var w = new ScaleWriter(128);
        w.WriteHash(id);
        w.WriteU32(1);
        w.WriteHash(new Hash256(Enumerable.Repeat((byte)9, 32).ToArray()));
        w.WriteHash(new Hash256(_contractSigner.PublicKeyBytes));
        var bytes = w.ToArray();
        w.Dispose();
        return bytes;
    }

    private static byte[] ReleasePayload(AccountId to, UInt128 amount)
    {
        var w = new ScaleWriter(64);
        w.WriteAccount(to);
        w.WriteU128(amount);
        var bytes = w.ToArray();
        w.Dispose();
        return bytes;
    }

    private static byte[] ReportPayload(Hash256 id, uint number, Hash256 hash)
    {
        var w = new ScaleWriter(80);
        w.WriteHash(id);
        w.WriteU32(number);
        w.WriteHash(hash);
        var bytes = w.ToArray();
        w.Dispose();
        return bytes;
    }

    private FinalizedBlock Relay(EnclaveIdentity sender, string topic, byte[] payload)
    {
        _sequences.TryGetValue(sender.IdentityKey, out var sequence);
        _sequences[sender.IdentityKey] = sequence + 1;
        var message = new QueueMessage(Origin.Worker(sender.IdentityKey), System.Text.Encoding.UTF8.GetBytes(topic), payload);
        var signature = sender.Signer.Sign(SignedMessage.SigningPayload(_chain.GenesisHash, message, sequence));
        return _driver.Submit(_alice, MessageQueueCall.CreateRelay(new SignedMessage(message, sequence, signature)));
    }

    private void RelayFromContract(Hash256 id, ulong sequence, byte[] payload)
    {
        var message = new QueueMessage(Origin.Contract(id), System.Text.Encoding.UTF8.GetBytes(ContractTopics.Release), payload);
        var signature = _contractSigner.Sign(SignedMessage.SigningPayload(_chain.GenesisHash, message, sequence));
        _driver.Submit(_alice, MessageQueueCall.CreateRelay(new SignedMessage(message, sequence, signature)));
    }


}
