using Veil.Protocol.Blocks;

namespace Veil.Consensus.Raft;

/// <summary>
/// A Raft log entry: kind byte ‖ SCALE body. <see cref="RaftEntryKind.Proposal"/> carries a block
/// (header and extrinsics, no proof); <see cref="RaftEntryKind.Finalize"/> carries the finality proof
/// that a majority of authorities signed for the pending proposal.
/// </summary>
public static class RaftEntry
{
    /// <summary>Largest entry accepted from the log: a full block of maximum-size extrinsics stays well below it.</summary>
    public const int MaxLength = 64 << 20;

    public static byte[] Proposal(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return Prefix(RaftEntryKind.Proposal, block.Encode());
    }

    public static byte[] Finalize(FinalityProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return Prefix(RaftEntryKind.Finalize, proof.Encode());
    }

    /// <summary>Decodes an entry; exactly one of <paramref name="block"/> and <paramref name="proof"/> is set on success.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out Block? block, out FinalityProof? proof, out string error)
    {
        block = null;
        proof = null;
        if (bytes.IsEmpty || bytes.Length > MaxLength)
        {
            error = $"Raft entry of {bytes.Length} bytes (1 to {MaxLength})";
            return false;
        }

        var kind = (RaftEntryKind)bytes[0];
        if (kind == RaftEntryKind.Proposal)
        {
            if (Block.TryDecode(bytes[1..], out var decoded, out error))
            {
                block = decoded;
                return true;
            }
        }
        else if (kind == RaftEntryKind.Finalize)
        {
            if (FinalityProof.TryDecode(bytes[1..], out var decodedProof, out error))
            {
                proof = decodedProof;
                return true;
            }
        }
        else
        {
            error = $"unknown Raft entry kind {bytes[0]}";
            return false;
        }

        error = $"Raft {kind} entry does not decode: {error}";
        return false;
    }

    private static byte[] Prefix(RaftEntryKind kind, byte[] body)
    {
        var bytes = new byte[body.Length + 1];
        bytes[0] = (byte)kind;
        body.CopyTo(bytes, 1);
        return bytes;
    }
}
