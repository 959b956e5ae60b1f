using CsCheck;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Protocol.Blocks;
using Veil.Protocol.Calls;
using Veil.Protocol.Tests.Transactions;
using Veil.Protocol.Transactions;

namespace Veil.Protocol.Tests.Blocks;

/// <summary>Fixed headers, blocks and finality proofs for golden vectors, and generators for property tests.</summary>
internal static class SampleBlocks
{
    public static readonly Hash256 GenesisHash = Blake2b.Hash256("veil/test/genesis"u8);

    public static BlockHeader Header => new(
        ParentHash: Blake2b.Hash256("veil/test/parent"u8),
        Number: 1_000_000,
        StateRoot: Blake2b.Hash256("veil/test/state"u8),
        ExtrinsicsRoot: Blake2b.Hash256("veil/test/extrinsics"u8),
        MessagesRoot: Blake2b.Hash256("veil/test/messages"u8),
        Timestamp: 1_767_225_600_000, // 2026-01-01T00:00:00Z in ms
        Author: SampleExtrinsics.Alice.Value.PublicKey);

    public static Block Block => new(Header, [
        SampleExtrinsics.Transfer(0, Era.Immortal, 0, SampleExtrinsics.GenesisHash),
        ExtrinsicCodec.EncodeUnsigned(SystemCall.CreateRemark("veil"u8)),
    ]);

    public static FinalityProof SignedProof(BlockHeader header, Hash256 genesisHash)
    {
        var alice = SampleExtrinsics.Alice.Value;
        var signature = alice.Sign(FinalityProof.SigningPayload(genesisHash, header.Number, header.Hash));
        return new FinalityProof(header.Hash, header.Number, [new AuthoritySignature(alice.PublicKey, signature)]);
    }

    public static readonly Gen<Hash256> AnyHash = Gen.Byte.Array[32].Select(b => new Hash256(b));

    public static readonly Gen<AccountId> AnyAccount = Gen.Byte.Array[32].Select(b => new AccountId(b));

    public static readonly Gen<BlockHeader> AnyHeader =
        Gen.Select(AnyHash, Gen.UInt, AnyHash, AnyHash, AnyHash, Gen.ULong, AnyAccount)
            .Select((parent, number, state, extrinsics, messages, timestamp, author) => new BlockHeader(parent, number, state, extrinsics, messages, timestamp, author));

    /// <summary>Opaque extrinsics: a compact length prefix and that many bytes (block decoding checks nothing more).</summary>
    public static readonly Gen<byte[]> AnyOpaqueExtrinsic = Gen.Byte.Array[2, 300].Select(body =>
    {
        var writer = new Veil.Core.Scale.ScaleWriter(body.Length + 5);
        try
        {
            writer.WriteBytes(body);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    });

    public static readonly Gen<Block> AnyBlock = Gen.Select(AnyHeader, AnyOpaqueExtrinsic.List[0, 8]).Select((h, x) => new Block(h, x));

    public static readonly Gen<FinalityProof> AnyProof =
        Gen.Select(AnyHash, Gen.UInt, Gen.Select(AnyAccount, Gen.Byte.Array[64]).Select((a, s) => new AuthoritySignature(a, s)).List[0, 6])
            .Select((hash, number, signatures) => new FinalityProof(hash, number, signatures));
}
