using System.Text;
using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.LightClient;
using Veil.Enclave.Platform;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Tests.Execution;

/// <summary>
/// A gatekeeper and two workers fed by hand-built deliveries, as the light client would hand them over:
/// no chain, only the messages the chain's modules would put in its queue.
/// </summary>
internal sealed class ExecutionCluster : IDisposable
{
    public static readonly Hash256 Genesis = new(Enumerable.Repeat((byte)0xc3, 32).ToArray());

    public static readonly Hash256 ContractId = new(Enumerable.Repeat((byte)0x5a, 32).ToArray());

    private readonly IEnclavePlatform _platform = PlatformSamples.NewPlatform();
    private readonly MasterKey _master;
    private uint _block = 1;

    public ExecutionCluster()
    {
        _master = MasterKey.Generate(_platform, 1);
        GatekeeperIdentity = EnclaveIdentity.Generate(_platform);
        FirstIdentity = EnclaveIdentity.Generate(_platform);
        SecondIdentity = EnclaveIdentity.Generate(_platform);
        Gatekeeper = EnclaveRuntime.ForGatekeeper(_platform, GatekeeperIdentity, Genesis, _master);
        First = EnclaveRuntime.ForWorker(_platform, FirstIdentity, Genesis);
        Second = EnclaveRuntime.ForWorker(_platform, SecondIdentity, Genesis);
    }

    public Ed25519KeyPair Alice { get; } = new(Enumerable.Repeat((byte)0x41, 32).ToArray());

    public Ed25519KeyPair Bob { get; } = new(Enumerable.Repeat((byte)0x42, 32).ToArray());

    public IEnclavePlatform Platform => _platform;

    public EnclaveIdentity GatekeeperIdentity { get; }

    public EnclaveIdentity FirstIdentity { get; }

    public EnclaveIdentity SecondIdentity { get; }

    public EnclaveRuntime Gatekeeper { get; }

    public EnclaveRuntime First { get; }

    public EnclaveRuntime Second { get; }

    public IReadOnlyList<EnclaveRuntime> All => [Gatekeeper, First, Second];

    /// <summary>The gatekeeper's "^contracts/keys" and "veil/gatekeeper/key" messages from the deployment.</summary>
    public List<SignedMessage> GatekeeperOutput { get; } = [];

    public ContractPublicKeys? PublishedKeys { get; private set; }

    public uint LastBlock => _block - 1;

    /// <summary>The timestamp every enclave sees for <paramref name="block"/> (one block every 6 s).</summary>
    public static ulong TimestampOf(uint block) => 1_700_000_000_000UL + (block * 6_000UL);

    public static QueueMessage Message(Origin sender, string topic, byte[] payload) => new(sender, Encoding.UTF8.GetBytes(topic), payload);

    /// <summary>Delivers <paramref name="messages"/> as the next block to <paramref name="to"/> (all enclaves by default).</summary>
    public uint Deliver(IReadOnlyList<QueueMessage> messages, params EnclaveRuntime[] to)
    {
        var block = _block++;
        foreach (var runtime in to.Length == 0 ? All : to)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                runtime.Process(new DeliveredMessage(block, i, messages[i]) { Timestamp = TimestampOf(block) });
            }
        }

        return block;
    }

    public uint Deliver(QueueMessage message, params EnclaveRuntime[] to) => Deliver([message], to);

    public void Register()
    {
        Deliver(
        [
            RegistryEvent(GatekeeperIdentity, WorkerRole.Gatekeeper),
            RegistryEvent(FirstIdentity, WorkerRole.Worker),
            RegistryEvent(SecondIdentity, WorkerRole.Worker),
        ]);
    }

    public static QueueMessage RegistryEvent(EnclaveIdentity identity, WorkerRole role)
    {
        var info = new WorkerInfo(identity.IdentityKey, identity.EcdhKey, new AccountId(new byte[32]), Hash256.Zero, role, 1, 0);
        return Message(Origin.Module("Registry"), "veil/registry/event", info.Encode());
    }

    public static QueueMessage Deployment(params Hash256[] cluster)
    {
        var info = new ContractInfo(ContractId, WalletContract.ContractName, new AccountId(new byte[32]), cluster, 2, 0, default, default);
        return Message(Origin.Module("Contracts"), ContractTopics.Deployed, info.Encode());
    }

    /// <summary>Registers everyone and deploys the Wallet to both workers; the gatekeeper's output is kept, not delivered.</summary>
    public void Deploy()
    {
        Register();
        DeployWith(Deployment(FirstIdentity.IdentityKey, SecondIdentity.IdentityKey));
    }

    /// <summary>Delivers <paramref name="deployment"/> (after <see cref="Register"/>) and keeps the gatekeeper's output.</summary>
    public void DeployWith(QueueMessage deployment)
    {
        Deliver(deployment);
        GatekeeperOutput.AddRange(Gatekeeper.DrainEgress());
        var publish = GatekeeperOutput.Single(m => m.Message.TopicText == ContractTopics.PublishKeys);
        Assert.True(ContractPublicKeys.TryDecode(publish.Message.Payload, out var keys, out _));
        PublishedKeys = keys;
    }

    /// <summary>The gatekeeper's key messages as the chain delivers them (origin Worker(gatekeeper)), in one block.</summary>
    public uint DeliverKeys(params EnclaveRuntime[] to)
        => Deliver(GatekeeperOutput.Where(m => m.Message.TopicText == GatekeeperKeyMessage.Topic).Select(m => m.Message).ToList(), to);

    public static QueueMessage DepositMessage(AccountId beneficiary, UInt128 amount)
        => Message(Origin.Module("Balances"), ContractTopics.Command(ContractId), new ContractDeposit(beneficiary, amount).Encode());

    /// <summary>An encrypted wallet command from <paramref name="sender"/>, sealed for <paramref name="signer"/> (the sender unless told).</summary>
    public QueueMessage Command(Ed25519KeyPair sender, WalletCommand command, AccountId? signer = null)
    {
        using var sealer = new CommandSealer(PublishedKeys!, Genesis);
        var envelope = sealer.Seal(signer ?? sender.PublicKey, command.Encode());
        return Message(Origin.Account(sender.PublicKey), ContractTopics.Command(ContractId), envelope.Encode());
    }

    public static ContractInstance Instance(EnclaveRuntime runtime)
    {
        Assert.True(runtime.TryGetContract(ContractId, out var instance));
        return instance;
    }

    public static UInt128 Balance(EnclaveRuntime runtime, AccountId account)
    {
        var result = Instance(runtime).Query(WalletQuery.Balance(account).Encode(), account);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(WalletQuery.TryDecodeAmount(result.Answer, out var amount));
        return amount;
    }

    public void Dispose()
    {
        foreach (var runtime in All)
        {
            runtime.Dispose();
        }

        _master.Dispose();
        GatekeeperIdentity.Dispose();
        FirstIdentity.Dispose();
        SecondIdentity.Dispose();
        Alice.Dispose();
        Bob.Dispose();
    }
}
