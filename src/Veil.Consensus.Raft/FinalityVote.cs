using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Blocks;

namespace Veil.Consensus.Raft;

/// <summary>
/// One validator's signature over a Raft candidate block (<see cref="FinalityProof.SigningPayload"/>),
/// sent to the leader, which gathers a majority of them into the block's finality proof.
/// SCALE: block hash ‖ u32 number ‖ authority ‖ 64-byte signature.
/// </summary>
public sealed record FinalityVote(Hash256 BlockHash, uint Number, AuthoritySignature Signature)
{
    public const int EncodedLength = 32 + 4 + 32 + 64;

    public byte[] Encode()
    {
        var writer = new ScaleWriter(EncodedLength);
        try
        {
            writer.WriteHash(BlockHash);
            writer.WriteU32(Number);
            writer.WriteAccount(Signature.Authority);
            writer.WriteRaw(Signature.Signature);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out FinalityVote vote, out string error)
    {
        var reader = new ScaleReader(bytes);
        var hash = reader.ReadHash();
        var number = reader.ReadU32();
        var authority = reader.ReadAccount();
        var signature = reader.ReadRaw(64);
        vote = new FinalityVote(hash, number, new AuthoritySignature(authority, reader.Failed ? new byte[64] : signature.ToArray()));
        return reader.TryFinish(out error);
    }
}
