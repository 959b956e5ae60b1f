using Veil.Core;

namespace Veil.Protocol.Blocks;

/// <summary>
/// The rule every follower of the chain applies to a finalized header: the enclave's light client
/// (before it accepts a block's messages) and a full node (before it re-executes the block). The header
/// must be exactly the next block, and its finality proof must be for this very header and carry
/// signatures by at least <c>threshold</c> distinct members of the authority set over
/// (genesis hash, number, block hash). Checks run from the cheapest to the costliest, in the order trust
/// flows, and each failure names what the block's supplier got wrong.
/// </summary>
public static class FinalityCheck
{
    /// <summary>More than half: what a crash-fault-tolerant (Raft) quorum signs.</summary>
    public static int Majority(int authorityCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(authorityCount, 1);
        return (authorityCount / 2) + 1;
    }

    /// <summary>More than two thirds: what a Byzantine-fault-tolerant quorum signs.</summary>
    public static int Byzantine(int authorityCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(authorityCount, 1);
        return (authorityCount * 2 / 3) + 1;
    }

    /// <summary>
    /// True when <paramref name="header"/> extends the last accepted block (#<paramref name="lastNumber"/>,
    /// <paramref name="lastHash"/>) and <paramref name="proof"/> finalizes it; otherwise
    /// <paramref name="error"/> says why. Never throws on untrusted input.
    /// </summary>
    public static bool TryCheck(Hash256 genesisHash, IReadOnlyList<AccountId> authorities, int threshold, uint lastNumber, Hash256 lastHash, BlockHeader header, FinalityProof proof, out string error)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(proof);
        var number = header.Number;
        if (number <= lastNumber)
        {
            error = $"stale block: #{number} already accepted (last accepted #{lastNumber})";
            return false;
        }

        var expected = (ulong)lastNumber + 1;
        if (number != expected)
        {
            error = $"block #{number} does not extend #{lastNumber} (expected #{expected})";
            return false;
        }

        if (header.ParentHash != lastHash)
        {
            error = $"block #{number}: parent hash mismatch: it names {header.ParentHash}, but accepted #{lastNumber} is {lastHash}";
            return false;
        }

        if (proof.Number != number)
        {
            error = $"block #{number}: the finality proof is for block #{proof.Number}";
            return false;
        }

        var hash = header.Hash;
        if (proof.BlockHash != hash)
        {
            error = $"block #{number}: the finality proof is for block {proof.BlockHash}, not this header ({hash}): another block, or a header altered after signing";
            return false;
        }

        if (!CheckSigners(authorities, threshold, proof, out error)
            || !proof.Verify(genesisHash, authorities, threshold, out error))
        {
            error = $"block #{number}: {error}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    // FinalityProof.Verify skips unknown and repeated signers (they do not count towards the threshold).
    // An honest chain never produces either, so here they mark a tampered proof and are named as such.
    private static bool CheckSigners(IReadOnlyList<AccountId> authorities, int threshold, FinalityProof proof, out string error)
    {
        var signatures = proof.Signatures;
        if (signatures.Count == 0)
        {
            error = $"the finality proof has no signatures; {threshold} needed";
            return false;
        }

        for (var i = 0; i < signatures.Count; i++)
        {
            var signer = signatures[i].Authority;
            var known = false;
            for (var a = 0; a < authorities.Count && !known; a++)
            {
                known = authorities[a] == signer;
            }

            if (!known)
            {
                error = $"finality proof signed by unknown authority {signer} (not in the authority set of {authorities.Count})";
                return false;
            }

            for (var j = 0; j < i; j++)
            {
                if (signatures[j].Authority == signer)
                {
                    error = $"finality proof signed twice by authority {signer}";
                    return false;
                }
            }
        }

        error = string.Empty;
        return true;
    }
}
