using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Enclave.Execution;
using Veil.Enclave.LightClient;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using static Veil.Enclave.Tests.Execution.ExecutionCluster;

namespace Veil.Enclave.Tests.Execution;

/// <summary>
/// The enclave's message-processing core: gatekeeper key publication and delivery, workers opening their
/// keys and running the wallet deterministically, and every bad input refused with a reason and no effect.
/// </summary>
public sealed class EnclaveRuntimeTests : IDisposable
{
    private readonly ExecutionCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Process_PublishesKeysAndSealsThemToEachWorker_WhenGatekeeperSeesADeployment()
    {
        _cluster.Deploy();

        var output = _cluster.GatekeeperOutput;
        Assert.Equal(3, output.Count);
        Assert.Equal([0UL, 1UL, 2UL], output.Select(m => m.Sequence));
        Assert.All(output, m =>
        {
            Assert.Equal(Origin.Worker(_cluster.GatekeeperIdentity.IdentityKey), m.Message.Sender);
            Assert.True(m.Verify(Genesis, _cluster.GatekeeperIdentity.Signer.PublicKeyBytes));
        });
        Assert.Equal(ContractTopics.PublishKeys, output[0].Message.TopicText);
        Assert.Equal(ContractId, _cluster.PublishedKeys!.ContractId);
        Assert.Equal(1u, _cluster.PublishedKeys.Epoch);
        var recipients = output.Skip(1).Select(m =>
        {
            Assert.Equal(GatekeeperKeyMessage.Topic, m.Message.TopicText);
            Assert.True(GatekeeperKeyMessage.TryDecode(m.Message.Payload, out var keys, out var delivery, out _));
            Assert.Equal(_cluster.PublishedKeys, keys);
            return delivery.Recipient;
        });
        Assert.Equal([_cluster.FirstIdentity.IdentityKey, _cluster.SecondIdentity.IdentityKey], recipients);
        Assert.Empty(_cluster.Gatekeeper.Refusals);
        Assert.True(_cluster.First.IsAwaitingKeys(ContractId));
        Assert.True(_cluster.Second.IsAwaitingKeys(ContractId));
    }

    [Fact]
    public void Process_RunsTheWalletIdentically_OnBothWorkersOfTheCluster()
    {
        _cluster.Deploy();
        _cluster.DeliverKeys();
        var alice = _cluster.Alice.PublicKey;
        var bob = _cluster.Bob.PublicKey;
        var to = new AccountId(Enumerable.Repeat((byte)0x77, 32).ToArray());

        _cluster.Deliver(DepositMessage(alice, 100));
        var transferBlock = _cluster.Deliver(_cluster.Command(_cluster.Alice, WalletCommand.Transfer(bob, 30)));
        _cluster.Deliver(_cluster.Command(_cluster.Bob, WalletCommand.Withdraw(to, 10)));

        var first = _cluster.First.DrainEgress();
        var second = _cluster.Second.DrainEgress();
        var release = Assert.Single(first);
        Assert.Equal(ContractTopics.Release, release.Message.TopicText);
        Assert.Equal(Origin.Contract(ContractId), release.Message.Sender);
        Assert.Equal(0UL, release.Sequence);
        Assert.True(release.Verify(Genesis, _cluster.PublishedKeys!.SigningKey.ToArray()));
        Assert.Equal(new WalletRelease(to, 10).Encode(), release.Message.Payload);
        Assert.Equal(release.Encode(), Assert.Single(second).Encode());

        Assert.Equal(Instance(_cluster.First).StateHash, Instance(_cluster.Second).StateHash);
        Assert.Equal((UInt128)70, Balance(_cluster.First, alice));
        Assert.Equal((UInt128)20, Balance(_cluster.Second, bob));
        Assert.True(_cluster.First.TryGetReceipt(ContractId, transferBlock, 0, out var receipt));
        Assert.True(receipt.IsSuccess);
        Assert.Equal(Origin.Account(alice), receipt.Sender);

        // The only refusals are the other worker's key delivery, which every cluster member sees.
        Assert.All(_cluster.First.Refusals.Concat(_cluster.Second.Refusals), r => Assert.Contains("addressed to another enclave", r.Reason));
        Assert.Single(_cluster.First.Refusals);
    }

    [Fact]
    public void Process_QueuesCommandsAndAppliesThemInOrder_WhenTheyArriveBeforeTheKeys()
    {
        _cluster.Deploy();
        _cluster.DeliverKeys(_cluster.First);
        _cluster.Deliver(DepositMessage(_cluster.Alice.PublicKey, 50));
        _cluster.Deliver(_cluster.Command(_cluster.Alice, WalletCommand.Transfer(_cluster.Bob.PublicKey, 20)));
        Assert.Equal(2, _cluster.Second.PendingCommandCount(ContractId));

        _cluster.DeliverKeys(_cluster.Second);

        Assert.Equal(0, _cluster.Second.PendingCommandCount(ContractId));
        Assert.Equal(Instance(_cluster.First).StateHash, Instance(_cluster.Second).StateHash);
        Assert.Equal((UInt128)20, Balance(_cluster.Second, _cluster.Bob.PublicKey));
    }

    [Fact]
    public void Process_RefusesWithoutChange_WhenTheEnvelopeIsGarbage()
    {
        var hash = Funded();

        var at = _cluster.Deliver(Message(Origin.Account(_cluster.Alice.PublicKey), ContractTopics.Command(ContractId), [1, 2, 3, 4, 5]));

        AssertRefused(at, "command", hash);
    }

    [Fact]
    public void Process_RefusesWithoutChange_WhenTheCommandWasSealedForAnotherSigner()
    {
        var hash = Funded();

        // Bob relays a command Alice sealed for herself: the signer is in the associated data.
        var at = _cluster.Deliver(_cluster.Command(_cluster.Bob, WalletCommand.Transfer(_cluster.Bob.PublicKey, 10), _cluster.Alice.PublicKey));

        AssertRefused(at, "authentication failed", hash);
    }

    [Fact]
    public void Process_RecordsAFailedReceiptWithoutChange_WhenTheCommandFails()
    {
        var hash = Funded();

        var at = _cluster.Deliver(_cluster.Command(_cluster.Alice, WalletCommand.Transfer(_cluster.Bob.PublicKey, 1_000)));

        AssertRefused(at, "command failed", hash);
        Assert.True(_cluster.First.TryGetReceipt(ContractId, at, 0, out var receipt));
        Assert.False(receipt.IsSuccess);
        Assert.Empty(_cluster.First.DrainEgress());
    }

    [Fact]
    public void Process_RefusesCommands_WhenTheyComeFromAnotherModule()
    {
        var hash = Funded();

        var forged = Message(Origin.Module("Treasury"), ContractTopics.Command(ContractId), new ContractDeposit(_cluster.Alice.PublicKey, 1_000).Encode());
        var at = _cluster.Deliver(forged);

        AssertRefused(at, "not accepted", hash);
    }

    [Fact]
    public void Process_RefusesAKeyMessage_WhenTheSenderIsNotAGatekeeper()
    {
        _cluster.Deploy();
        var delivery = _cluster.GatekeeperOutput[1].Message;

        // The first worker is registered, but only as a worker.
        var at = _cluster.Deliver(delivery with { Sender = Origin.Worker(_cluster.FirstIdentity.IdentityKey) }, _cluster.First);

        Assert.Contains(_cluster.First.Refusals, r => r.BlockNumber == at && r.Reason.Contains("not a registered gatekeeper", StringComparison.Ordinal));
        Assert.True(_cluster.First.IsAwaitingKeys(ContractId));
    }

    [Fact]
    public void Process_RefusesAKeyMessage_WhenItIsAddressedToAnotherWorker()
    {
        _cluster.Deploy();
        var forFirst = _cluster.GatekeeperOutput[1].Message;

        var at = _cluster.Deliver(forFirst, _cluster.Second);

        var refusal = Assert.Single(_cluster.Second.Refusals);
        Assert.Equal(at, refusal.BlockNumber);
        Assert.Contains("addressed to another enclave", refusal.Reason, StringComparison.Ordinal);
        Assert.True(_cluster.Second.IsAwaitingKeys(ContractId));
    }

    [Fact]
    public void Process_RefusesAKeyMessage_WhenItsPublicKeysAreNotTheDeliveredOnes()
    {
        _cluster.Deploy();
        var original = _cluster.GatekeeperOutput[1].Message;
        Assert.True(GatekeeperKeyMessage.TryDecode(original.Payload, out var keys, out var delivery, out _));
        var forged = original with { Payload = GatekeeperKeyMessage.Encode(keys with { SigningKey = new Hash256(new byte[32]) }, delivery) };

        _cluster.Deliver(forged, _cluster.First);

        Assert.Contains(_cluster.First.Refusals, r => r.Reason.Contains("not the published keys", StringComparison.Ordinal));
        Assert.True(_cluster.First.IsAwaitingKeys(ContractId));
    }

    [Fact]
    public void Process_IgnoresTheDeployment_WhenTheWorkerIsNotInTheCluster()
    {
        _cluster.Register();

        _cluster.Deliver(Deployment(_cluster.FirstIdentity.IdentityKey));

        Assert.True(_cluster.First.IsAwaitingKeys(ContractId));
        Assert.False(_cluster.Second.IsAwaitingKeys(ContractId));
        var output = _cluster.Gatekeeper.DrainEgress();
        Assert.Equal(2, output.Count);
    }

    [Fact]
    public void Process_SendsNoKeys_WhenAClusterMemberIsNotRegistered()
    {
        _cluster.Deliver(RegistryEvent(_cluster.FirstIdentity, WorkerRole.Worker));

        var at = _cluster.Deliver(Deployment(_cluster.FirstIdentity.IdentityKey, _cluster.SecondIdentity.IdentityKey));

        Assert.Equal(2, _cluster.Gatekeeper.DrainEgress().Count);
        Assert.Contains(_cluster.Gatekeeper.Refusals, r => r.BlockNumber == at && r.Reason.Contains("not a registered worker", StringComparison.Ordinal));
    }

    [Fact]
    public void Process_RefusesRegistryEvents_WhenTheyDoNotComeFromTheRegistry()
    {
        var forged = RegistryEvent(_cluster.SecondIdentity, WorkerRole.Gatekeeper) with { Sender = Origin.Account(_cluster.Alice.PublicKey) };

        _cluster.Deliver(forged, _cluster.First);

        Assert.Empty(_cluster.First.Workers);
        Assert.Contains("only Module(Registry)", Assert.Single(_cluster.First.Refusals).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_RefusesAMessage_WhenItIsNotAfterTheLastOne()
    {
        _cluster.Register();
        var replayed = new DeliveredMessage(1, 0, RegistryEvent(_cluster.SecondIdentity, WorkerRole.Gatekeeper));

        _cluster.First.Process(replayed);

        Assert.Equal(WorkerRole.Worker, _cluster.First.Workers[_cluster.SecondIdentity.IdentityKey].Role);
        Assert.Contains("out of order", Assert.Single(_cluster.First.Refusals).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_RefusesMalformedPayloads_WithoutThrowing()
    {
        _cluster.Deliver(
        [
            Message(Origin.Module("Registry"), "veil/registry/event", [9]),
            Message(Origin.Module("Contracts"), ContractTopics.Deployed, [1, 2]),
            Message(Origin.Worker(_cluster.GatekeeperIdentity.IdentityKey), GatekeeperKeyMessage.Topic, [3]),
        ],
            _cluster.First);

        Assert.Equal(3, _cluster.First.Refusals.Count);
        Assert.Empty(_cluster.First.Workers);
    }

    /// <summary>Both workers running the wallet with 100 for Alice; returns the first worker's state hash.</summary>
    private Hash256 Funded()
    {
        _cluster.Deploy();
        _cluster.DeliverKeys();
        _cluster.Deliver(DepositMessage(_cluster.Alice.PublicKey, 100));
        return Instance(_cluster.First).StateHash;
    }

    private void AssertRefused(uint block, string reason, Hash256 stateBefore)
    {
        foreach (var worker in new[] { _cluster.First, _cluster.Second })
        {
            var refusal = worker.Refusals.Last();
            Assert.Equal(block, refusal.BlockNumber);
            Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
            Assert.Equal(stateBefore, Instance(worker).StateHash);
            Assert.Empty(worker.DrainEgress());
        }
    }
}
