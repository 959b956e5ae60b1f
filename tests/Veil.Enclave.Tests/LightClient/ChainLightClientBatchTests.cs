using CsCheck;
using Veil.Enclave.LightClient;
using Veil.Protocol.Blocks;

namespace Veil.Enclave.Tests.LightClient;

public class ChainLightClientBatchTests
{
    [Fact]
    public void AcceptEncodedBatch_AcceptsAllAndDeliversInBlockOrder_WhenEveryBundleIsGenuine()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 5, messagesPerBlock: 2);
        var client = chain.NewLightClient();
        var delivered = new List<DeliveredMessage>();

        var result = client.AcceptEncodedBatch(FinalizedBlockBundle.EncodeBatch(bundles), delivered.Add);

        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(new BatchAcceptance(5, 5, string.Empty), result);
        Assert.Equal(chain.Chain.Head.Hash, client.LastHash);
        Assert.Equal(10, delivered.Count);
        Assert.Equal(delivered.OrderBy(d => d.BlockNumber).ThenBy(d => d.Index), delivered);
    }

    [Fact]
    public void AcceptBatch_StopsAtTheFirstBadBundle_WhenTheBatchHoldsATamperedBlock()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 4, messagesPerBlock: 1);
        bundles[2] = bundles[2] with { Messages = [] };
        var client = chain.NewLightClient();
        var delivered = new List<DeliveredMessage>();

        var result = client.AcceptBatch(bundles, delivered.Add);

        Assert.Equal(2, result.Accepted);
        Assert.Equal(4, result.Offered);
        Assert.Equal("bundle 2 of 4 refused: block #3: messages root mismatch: a message was altered, dropped, added or reordered (0 message(s) given)", result.Error);
        Assert.Equal(2u, client.LastNumber);
        Assert.Equal([1u, 2u], delivered.Select(d => d.BlockNumber));
    }

    [Fact]
    public void AcceptEncodedBatch_AcceptsNothing_WhenTheBatchIsUndecodable()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 2, messagesPerBlock: 1);
        var encoded = FinalizedBlockBundle.EncodeBatch(bundles);
        var client = chain.NewLightClient();

        var result = client.AcceptEncodedBatch(encoded.AsSpan(0, encoded.Length - 1), null);

        Assert.Equal(0, result.Accepted);
        Assert.StartsWith("undecodable bundle batch: bundle 1 of 2: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(0u, client.LastNumber);
    }

    [Fact]
    public void AcceptBatch_IsComplete_WhenTheBatchIsEmpty()
    {
        var client = new BundleChain().NewLightClient();

        Assert.True(client.AcceptBatch([], null).IsComplete);
        Assert.True(client.AcceptEncodedBatch(FinalizedBlockBundle.EncodeBatch([]), null).IsComplete);
        Assert.Equal(0u, client.LastNumber);
    }

    [Fact]
    public void TryAccept_NeverThrowsAndAcceptsOnlyTheGenuineBytes_WhenBundleBytesAreMutated()
    {
        var chain = new BundleChain();
        chain.ProduceBundles(count: 1, messagesPerBlock: 0);
        chain.Push("Alice", [1, 2, 3]);
        chain.Push("Bob", [4, 5]);
        chain.Push("Charlie", []);
        chain.Produce();
        var genuine = chain.EncodedBundle(2);
        var before = chain.NewLightClient();
        Assert.True(before.TryAccept(chain.Bundle(1), out var setupError), setupError);
        var state = before.State;

        ByteMutation.Any.Sample(mutation =>
        {
            var bytes = mutation.Apply(genuine);
            var client = new ChainLightClient(state);
            if (!FinalizedBlockBundle.TryDecode(bytes, out var bundle, out var decodeError))
            {
                return !string.IsNullOrEmpty(decodeError);
            }

            var accepted = client.TryAccept(bundle, out var error);
            return accepted
                ? bytes.AsSpan().SequenceEqual(genuine) && client.LastNumber == 2
                : error.Length > 0 && client.State.Equals(state);
        }, iter: 2000);
    }

    [Fact]
    public void AcceptEncodedBatch_NeverThrowsAndAcceptsOnlyGenuineBlocks_WhenBatchBytesAreMutated()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 3, messagesPerBlock: 2);
        var genuine = FinalizedBlockBundle.EncodeBatch(bundles);

        ByteMutation.Any.Sample(mutation =>
        {
            var bytes = mutation.Apply(genuine);
            var client = chain.NewLightClient();
            var result = client.AcceptEncodedBatch(bytes, null);
            return result.Accepted == 0
                ? client.LastNumber == 0 && result.Error.Length > 0
                : client.LastHash == bundles[result.Accepted - 1].Header.Hash && (result.IsComplete == bytes.AsSpan().SequenceEqual(genuine));
        }, iter: 1000);
    }
}
