using Veil.Chain.Database;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;
using Veil.Protocol.Calls;
using Veil.Protocol.Messaging;
using Veil.Protocol.Proofs;

namespace Veil.Chain.Tests.Modules;

public sealed class MessageQueueModuleTests
{
    private static readonly byte[] Topic = "veil/contract/demo/command"u8.ToArray();

    [Fact]
    public void Push_DeliversTheMessageFromTheSigningAccount_AndCommitsItInTheMessagesRoot()
    {
        var t = new TestChain();
        t.Submit(t.Sign("Alice", MessageQueueCall.CreatePush(Topic, [1, 2, 3])));
        t.Submit(t.Sign("Bob", MessageQueueCall.CreatePush(Topic, [4])));
        var block = t.Produce();

        var messages = Delivered(t, block.Block.Header.Hash);
        Assert.Equal(2, messages.Count);
        Assert.Equal(Origin.Account(TestChain.Account("Alice")), messages[0].Sender);
        Assert.Equal([1, 2, 3], messages[0].Payload);
        Assert.Equal(Origin.Account(TestChain.Account("Bob")), messages[1].Sender);
        Assert.Equal(MerkleList.Root([messages[0].Hash(), messages[1].Hash()]), block.Block.Header.MessagesRoot);
    }

    [Fact]
    public void Push_IsNotDelivered_WhenTheTopicIsReservedForModules()
    {
        var t = new TestChain();
        t.Submit(t.Sign("Alice", MessageQueueCall.CreatePush("^registry/anything"u8, [1])));
        var block = t.Produce();

        Assert.Single(block.Block.Extrinsics);
        Assert.Empty(Delivered(t, block.Block.Header.Hash));
        Assert.Equal(MerkleList.Root([]), block.Block.Header.MessagesRoot);
    }

    [Fact]
    public void Relay_IsNotDelivered_WhenTheSenderIsNotARegisteredWorker()
    {
        var t = new TestChain();
        using var worker = Ed25519KeyPair.Generate();
        var identity = new Hash256(worker.PublicKeyBytes);
        var message = new QueueMessage(Origin.Worker(identity), Topic, [9]);
        var signature = worker.Sign(SignedMessage.SigningPayload(t.Chain.GenesisHash, message, 0));
        t.Submit(t.Sign("Charlie", MessageQueueCall.CreateRelay(new SignedMessage(message, 0, signature))));
        var block = t.Produce();

        Assert.Single(block.Block.Extrinsics);
        Assert.Empty(Delivered(t, block.Block.Header.Hash));
    }

    [Fact]
    public void EmptyBlock_HasTheEmptyMessagesRoot_AndAnEmptyMessageList()
    {
        var t = new TestChain();
        var block = t.Produce();

        Assert.Equal(MerkleList.Root([]), block.Block.Header.MessagesRoot);
        Assert.Equal(ChainDatabase.EncodeMessages([]), t.Chain.Database.GetEncodedMessages(block.Block.Header.Hash));
    }

    private static List<QueueMessage> Delivered(TestChain t, Hash256 blockHash)
    {
        var bytes = t.Chain.Database.GetEncodedMessages(blockHash);
        Assert.NotNull(bytes);
        var reader = new ScaleReader(bytes);
        var count = reader.ReadLength(1000);
        var messages = new List<QueueMessage>();
        for (var i = 0; i < count; i++) messages.Add(QueueMessage.Decode(ref reader));
        Assert.True(reader.TryFinish(out var error), error);
        return messages;
    }
}
