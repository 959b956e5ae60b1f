using Veil.Chain;
using Veil.Core.Scale;
using Veil.Crypto;
using Veil.Protocol.Messaging;
using Veil.Protocol.Transactions;

namespace Veil.Enclave.Tests;

/// <summary>Drives a real in-memory chain one extrinsic per block, with a block clock the test controls.</summary>
internal sealed class ChainDriver(ChainService chain, Ed25519KeyPair author, ulong startTimeMs)
{
    private ulong _time = startTimeMs;

    public ChainService Chain => chain;

    /// <summary>Signs <paramref name="call"/>, admits it and seals it alone in the next block (1 s later).</summary>
    public FinalizedBlock Submit(Ed25519KeyPair signer, byte[] call)
    {
        var context = chain.SigningContext;
        var extrinsic = ExtrinsicCodec.EncodeSigned(signer.PublicKey, call, Era.Immortal, chain.Pool.NextNonce(signer.PublicKey), 0, context, context.GenesisHash, signer.Sign);
        var check = chain.Pool.Submit(extrinsic, out _);
        Assert.True(check.IsValid, check.Message);
        _time += 1_000;
        var block = chain.ProduceBlock(author, _time, allowEmpty: false)!;
        Assert.Single(block.Block.Extrinsics);
        return block;
    }

    /// <summary>The queue messages the block delivered, decoded strictly.</summary>
    public List<QueueMessage> Messages(FinalizedBlock block)
    {
        var reader = new ScaleReader(chain.Database.GetEncodedMessages(block.Block.Header.Hash));
        var count = reader.ReadLength(1000);
        var list = new List<QueueMessage>();
        for (var i = 0; i < count; i++) list.Add(QueueMessage.Decode(ref reader));
        Assert.True(reader.TryFinish(out var error), error);
        return list;
    }
}
