using CsCheck;
using Veil.Enclave.LightClient;
using Veil.Protocol.Blocks;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Tests.LightClient;

public class ChainLightClientPropertyTests
{
    private static readonly string[] Senders = ["Alice", "Bob", "Charlie", "Dave"];

    // Per block: a list of (sender, payload) pushes. Kept small: each sample opens a chain and signs.
    private static readonly Gen<(int Sender, byte[] Payload)[][]> Blocks =
        Gen.Select(Gen.Int[0, Senders.Length - 1], Gen.Byte.Array[0, 24]).Array[0, 4].Array[1, 5];

    [Fact]
    public void AcceptBatch_DeliversExactlyWhatWasPushedInChainOrder_WhenBlocksAreRandom()
    {
        Blocks.Sample(blocks =>
        {
            var chain = new BundleChain();
            var expected = new List<(uint Block, int Index, QueueMessage Message)>();
            var bundles = new List<FinalizedBlockBundle>();
            foreach (var pushes in blocks)
            {
                var pushed = new Dictionary<Veil.Core.Hash256, QueueMessage>();
                foreach (var (sender, payload) in pushes)
                {
                    var extrinsic = chain.Push(Senders[sender], payload);
                    pushed[extrinsic.Hash] = new QueueMessage(Origin.Account(BundleChain.Key(Senders[sender]).PublicKey), BundleChain.Topic, payload);
                }

                var block = chain.Produce();

                // The chain picks the order across senders; each included push is one message, in extrinsic order.
                if (block.TransactionHashes.Count != pushes.Length) return false;
                var index = 0;
                foreach (var hash in block.TransactionHashes)
                {
                    expected.Add((block.Block.Header.Number, index++, pushed[hash]));
                }

                bundles.Add(chain.Bundle(block.Block.Header.Number));
            }

            var client = chain.NewLightClient();
            var delivered = new List<DeliveredMessage>();
            var result = client.AcceptBatch(bundles, delivered.Add);

            if (!result.IsComplete || client.LastHash != chain.Chain.Head.Hash || delivered.Count != expected.Count) return false;
            for (var i = 0; i < expected.Count; i++)
            {
                var (number, at, message) = expected[i];
                if (delivered[i].BlockNumber != number || delivered[i].Index != at || delivered[i].Message.Hash() != message.Hash()) return false;
            }

            return true;
        }, iter: 25, threads: 1);
    }

    [Fact]
    public void TryAccept_RefusesEveryBlockButTheNext_WhenBlocksArriveInRandomOrder()
    {
        var chain = new BundleChain();
        var bundles = chain.ProduceBundles(count: 6, messagesPerBlock: 1);

        Gen.Int[0, 5].Array[1, 20].Sample(order =>
        {
            var client = chain.NewLightClient();
            foreach (var i in order)
            {
                var before = client.State;
                var accepted = client.TryAccept(bundles[i], out var error);
                var isNext = bundles[i].Header.Number == before.LastNumber + 1;
                if (accepted != isNext) return false;
                if (!accepted && (!client.State.Equals(before) || error.Length == 0)) return false;
            }

            return true;
        }, iter: 300);
    }
}
