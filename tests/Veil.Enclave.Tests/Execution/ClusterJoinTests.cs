using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using static Veil.Enclave.Tests.Execution.ExecutionCluster;

namespace Veil.Enclave.Tests.Execution;

/// <summary>
/// A worker added to a running cluster (Contracts.add_worker) gets the keys from the gatekeeper and the
/// state at its join from the running workers, then replays only what came after: it ends where they are.
/// </summary>
public sealed class ClusterJoinTests : IDisposable
{
    private readonly ExecutionCluster _cluster = new();
    private readonly EnclaveIdentity _thirdIdentity;
    private readonly EnclaveRuntime _third;

    public ClusterJoinTests()
    {
        var platform = PlatformSamples.NewPlatform();
        _thirdIdentity = EnclaveIdentity.Generate(platform);
        _third = EnclaveRuntime.ForWorker(platform, _thirdIdentity, Genesis);
    }

    private EnclaveRuntime[] Everyone => [_cluster.Gatekeeper, _cluster.First, _cluster.Second, _third];

    public void Dispose()
    {
        _third.Dispose();
        _thirdIdentity.Dispose();
        _cluster.Dispose();
    }

    [Fact]
    public void Join_LeavesTheNewWorkerWithTheClustersState_AndIdenticalEgress()
    {
        var (joinBlock, snapshot, keyMessage) = RunUntilJoin();
        var to = new AccountId(Enumerable.Repeat((byte)0x77, 32).ToArray());

        // After the join, before the new worker has its state: it holds the commands.
        _cluster.Deliver(_cluster.Command(_cluster.Bob, WalletCommand.Withdraw(to, 10)), Everyone);
        Assert.True(_third.IsAwaitingState(ContractId));
        Assert.False(_third.TryGetContract(ContractId, out _));
        Assert.Equal(2, _third.PendingCommandCount(ContractId));
        var release = Assert.Single(_cluster.First.DrainEgress());
        Assert.Equal(release.Encode(), Assert.Single(_cluster.Second.DrainEgress()).Encode());
        Assert.Equal(snapshot.Sequence + 1, release.Sequence);

        // The snapshot comes before the keys: it is held until they arrive.
        _cluster.Deliver(snapshot.Message, Everyone);
        Assert.True(_third.IsAwaitingState(ContractId));
        _cluster.Deliver(keyMessage.Message, Everyone);

        Assert.False(_third.IsAwaitingState(ContractId));
        Assert.Equal(0, _third.PendingCommandCount(ContractId));
        Assert.Equal(Instance(_cluster.First).StateHash, Instance(_third).StateHash);
        Assert.Equal((UInt128)65, Balance(_third, _cluster.Alice.PublicKey));
        Assert.Equal((UInt128)25, Balance(_third, _cluster.Bob.PublicKey));
        Assert.Equal(release.Encode(), Assert.Single(_third.DrainEgress()).Encode());

        // And it keeps step with the cluster afterwards.
        _cluster.Deliver(_cluster.Command(_cluster.Alice, WalletCommand.Transfer(_cluster.Bob.PublicKey, 15)), Everyone);
        Assert.Equal(Instance(_cluster.First).StateHash, Instance(_third).StateHash);
        Assert.Equal(Instance(_cluster.Second).StateHash, Instance(_third).StateHash);
        Assert.Equal((UInt128)40, Balance(_third, _cluster.Bob.PublicKey));
        Assert.DoesNotContain(_third.Refusals, r => r.Reason.Contains("snapshot", StringComparison.Ordinal));
        Assert.True(joinBlock > 0);
    }

    [Fact]
    public void Join_RefusesASnapshot_WhenItIsNotSignedByTheContractsKey()
    {
        var (_, snapshot, keyMessage) = RunUntilJoin();
        _cluster.Deliver(keyMessage.Message, Everyone);

        // Same header and ciphertext, signed by another key.
        using var forger = Ed25519KeyPair.Generate();
        var unsigned = snapshot.Message.Payload[..^Ed25519.SignatureSize];
        byte[] signed = [.. "veil/state-snapshot"u8, .. Genesis.ToArray(), .. unsigned];
        var forged = new QueueMessage(snapshot.Message.Sender, snapshot.Message.Topic, [.. unsigned, .. forger.Sign(signed)]);
        var forgedBlock = _cluster.Deliver(forged, Everyone);

        Assert.True(_third.IsAwaitingState(ContractId));
        Assert.Contains(_third.Refusals, r => r.BlockNumber == forgedBlock && r.Reason.Contains("not signed by the contract's key", StringComparison.Ordinal));

        // From another origin it is refused before any crypto.
        var wrongOrigin = new QueueMessage(Origin.Module("Contracts"), snapshot.Message.Topic, snapshot.Message.Payload);
        var wrongBlock = _cluster.Deliver(wrongOrigin, Everyone);
        Assert.Contains(_third.Refusals, r => r.BlockNumber == wrongBlock && r.Reason.Contains("only the contract itself", StringComparison.Ordinal));

        _cluster.Deliver(snapshot.Message, Everyone);
        Assert.False(_third.IsAwaitingState(ContractId));
        Assert.Equal(Instance(_cluster.First).StateHash, Instance(_third).StateHash);
    }

    [Fact]
    public void Join_SendsTheSnapshotLater_WhenARunningWorkerHadNoKeysYetAtTheJoin()
    {
        _cluster.Deploy();
        _cluster.Deliver([RegistryEvent(_cluster.GatekeeperIdentity, WorkerRole.Gatekeeper), RegistryEvent(_thirdIdentity, WorkerRole.Worker)], Everyone);
        _cluster.Deliver(DepositMessage(_cluster.Alice.PublicKey, 100), Everyone);
        _cluster.Deliver(Join(), Everyone);
        Assert.Empty(_cluster.First.DrainEgress());

        _cluster.DeliverKeys(_cluster.First, _cluster.Second);

        var snapshot = Assert.Single(_cluster.First.DrainEgress());
        Assert.Equal(ContractTopics.Snapshot(ContractId), snapshot.Message.TopicText);
        Assert.Equal(0UL, snapshot.Sequence);
        Assert.Equal(snapshot.Encode(), Assert.Single(_cluster.Second.DrainEgress()).Encode());
    }

    /// <summary>Deploys to First and Second, runs commands, joins the third worker with one more command in the join block.</summary>
    private (uint JoinBlock, SignedMessage Snapshot, SignedMessage KeyMessage) RunUntilJoin()
    {
        _cluster.Deploy();
        _cluster.DeliverKeys();
        _cluster.Deliver([RegistryEvent(_cluster.GatekeeperIdentity, WorkerRole.Gatekeeper), RegistryEvent(_thirdIdentity, WorkerRole.Worker)], Everyone);
        _cluster.Deliver(DepositMessage(_cluster.Alice.PublicKey, 100), Everyone);
        _cluster.Deliver(_cluster.Command(_cluster.Alice, WalletCommand.Transfer(_cluster.Bob.PublicKey, 30)), Everyone);
        Assert.DoesNotContain(_cluster.Gatekeeper.DrainEgress(), m => m.Message.TopicText == GatekeeperKeyMessage.Topic);

        var joinBlock = _cluster.Deliver([Join(), _cluster.Command(_cluster.Alice, WalletCommand.Transfer(_cluster.Bob.PublicKey, 5))], Everyone);

        var keyMessage = Assert.Single(_cluster.Gatekeeper.DrainEgress());
        Assert.Equal(GatekeeperKeyMessage.Topic, keyMessage.Message.TopicText);
        var first = Assert.Single(_cluster.First.DrainEgress());
        var second = Assert.Single(_cluster.Second.DrainEgress());
        Assert.Equal(first.Encode(), second.Encode());
        Assert.Equal(Origin.Contract(ContractId), first.Message.Sender);
        Assert.Equal(ContractTopics.Snapshot(ContractId), first.Message.TopicText);
        Assert.True(first.Verify(Genesis, _cluster.PublishedKeys!.SigningKey.ToArray()));
        Assert.True(_third.IsAwaitingState(ContractId));
        Assert.Equal(1, _third.PendingCommandCount(ContractId));
        Assert.Empty(_third.DrainEgress());
        return (joinBlock, first, keyMessage);
    }

    private QueueMessage Join()
    {
        var info = new ContractInfo(ContractId, WalletContract.ContractName, new AccountId(new byte[32]), [_cluster.FirstIdentity.IdentityKey, _cluster.SecondIdentity.IdentityKey, _thirdIdentity.IdentityKey], 2, 0, default, default);
        return Message(Origin.Module("Contracts"), ContractTopics.Joined, [.. info.Encode(), .. _thirdIdentity.IdentityKey.ToArray()]);
    }
}
