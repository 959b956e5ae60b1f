using Veil.Core;
using Veil.Enclave.LightClient;
using Veil.Protocol.Blocks;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Tests.LightClient;

/// <summary>A relayer that alters a genuine bundle in transit: every alteration is refused and changes nothing.</summary>
public class ChainLightClientTamperTests
{
    private static readonly Hash256 Other = new(Enumerable.Repeat((byte)0x5a, 32).ToArray());

    [Theory]
    [InlineData("ParentHash", "block #2: parent hash mismatch")]
    [InlineData("NumberUp", "block #3 does not extend #1 (expected #2)")]
    [InlineData("NumberDown", "stale block: #1 already accepted (last accepted #1)")]
    [InlineData("StateRoot", "block #2: the finality proof is for block ")]
    [InlineData("ExtrinsicsRoot", "block #2: the finality proof is for block ")]
    [InlineData("MessagesRoot", "block #2: the finality proof is for block ")]
    [InlineData("Timestamp", "block #2: the finality proof is for block ")]
    [InlineData("Author", "block #2: the finality proof is for block ")]
    public void TryAccept_RefusesAndKeepsState_WhenAHeaderFieldIsAltered(string field, string reason)
    {
        var (chain, client, genuine) = AtBlockOne();
        var before = client.State;
        var header = genuine.Header;
        var altered = field switch
        {
            "ParentHash" => header with { ParentHash = Other },
            "NumberUp" => header with { Number = header.Number + 1 },
            "NumberDown" => header with { Number = header.Number - 1 },
            "StateRoot" => header with { StateRoot = Other },
            "ExtrinsicsRoot" => header with { ExtrinsicsRoot = Other },
            "MessagesRoot" => header with { MessagesRoot = Other },
            "Timestamp" => header with { Timestamp = header.Timestamp + 1 },
            _ => header with { Author = BundleChain.Key("Bob").PublicKey },
        };

        Assert.NotEqual(header.Hash, altered.Hash);
        Assert.False(client.TryAccept(genuine with { Header = altered }, out var error));

        Assert.StartsWith(reason, error, StringComparison.Ordinal);
        Assert.Equal(before, client.State);
        Assert.True(client.TryAccept(genuine, out error), error);
        Assert.Equal(chain.Chain.Head.Hash, client.LastHash);
    }

    [Theory]
    [InlineData("StateRoot")]
    [InlineData("ExtrinsicsRoot")]
    [InlineData("MessagesRoot")]
    [InlineData("Timestamp")]
    [InlineData("Author")]
    public void TryAccept_RefusesBadSignature_WhenTheProofIsRepointedAtAnAlteredHeader(string field)
    {
        var (_, client, genuine) = AtBlockOne();
        var header = genuine.Header;
        var altered = field switch
        {
            "StateRoot" => header with { StateRoot = Other },
            "ExtrinsicsRoot" => header with { ExtrinsicsRoot = Other },
            "MessagesRoot" => header with { MessagesRoot = Other },
            "Timestamp" => header with { Timestamp = header.Timestamp + 1 },
            _ => header with { Author = BundleChain.Key("Bob").PublicKey },
        };
        var repointed = genuine with { Header = altered, Proof = genuine.Proof with { BlockHash = altered.Hash } };

        Assert.False(client.TryAccept(repointed, out var error));

        Assert.Equal($"block #2: finality signature by {BundleChain.Key("Alice").PublicKey} does not verify", error);
        Assert.Equal(1u, client.LastNumber);
    }

    [Theory]
    [InlineData("drop first")]
    [InlineData("drop last")]
    [InlineData("add copy")]
    [InlineData("add new")]
    [InlineData("alter payload")]
    [InlineData("alter topic")]
    [InlineData("alter sender")]
    [InlineData("swap")]
    [InlineData("reverse")]
    [InlineData("drop all")]
    public void TryAccept_RefusesMessagesRootMismatch_WhenTheMessagesAreTampered(string tampering)
    {
        var (chain, client, genuine) = AtBlockOne();
        var before = client.State;
        var messages = genuine.Messages.ToList();
        Assert.Equal(4, messages.Count);
        switch (tampering)
        {
            case "drop first": messages.RemoveAt(0); break;
            case "drop last": messages.RemoveAt(messages.Count - 1); break;
            case "add copy": messages.Add(messages[1]); break;
            case "add new": messages.Insert(2, new QueueMessage(Origin.Gatekeeper, BundleChain.Topic, [7])); break;
            case "alter payload": messages[2] = messages[2] with { Payload = [.. messages[2].Payload, 0] }; break;
            case "alter topic": messages[0] = messages[0] with { Topic = "veil/contract/other/command"u8.ToArray() }; break;
            case "alter sender": messages[3] = messages[3] with { Sender = Origin.Account(BundleChain.Key("Mallory").PublicKey) }; break;
            case "swap": (messages[1], messages[2]) = (messages[2], messages[1]); break;
            case "reverse": messages.Reverse(); break;
            default: messages.Clear(); break;
        }

        var delivered = 0;
        Assert.False(client.TryAccept(genuine with { Messages = messages }, _ => delivered++, out var error));

        Assert.Equal($"block #2: messages root mismatch: a message was altered, dropped, added or reordered ({messages.Count} message(s) given)", error);
        Assert.Equal(0, delivered);
        Assert.Equal(before, client.State);
        Assert.True(client.TryAccept(genuine, out error), error);
        Assert.Equal(chain.Chain.Head.Hash, client.LastHash);
    }

    [Fact]
    public void TryAccept_RefusesMessagesRootMismatch_WhenAMessageIsAddedToAnEmptyBlock()
    {
        var chain = new BundleChain();
        chain.Produce();
        var client = chain.NewLightClient();

        Assert.False(client.TryAccept(chain.Bundle(1) with { Messages = [new QueueMessage(Origin.Gatekeeper, [], [])] }, out var error));

        Assert.Contains("messages root mismatch", error, StringComparison.Ordinal);
        Assert.Equal(0u, client.LastNumber);
    }

    // Block #1 (accepted) has one message; block #2 (the one tampered with) has four, from several senders.
    private static (BundleChain Chain, ChainLightClient Client, FinalizedBlockBundle Genuine) AtBlockOne()
    {
        var chain = new BundleChain();
        chain.Push("Alice", [1]);
        chain.Produce();
        chain.Push("Alice", [2, 0]);
        chain.Push("Bob", [2, 1]);
        chain.Push("Charlie", [2, 2]);
        chain.Push("Alice", [2, 3]);
        chain.Produce();
        var client = chain.NewLightClient();
        Assert.True(client.TryAccept(chain.Bundle(1), out var error), error);
        return (chain, client, chain.Bundle(2));
    }
}
