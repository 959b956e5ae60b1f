using System.Diagnostics;
using Veil.Chain.Import;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Protocol.Proofs;
using Veil.Protocol.Transactions;
using Veil.State;
using Veil.Storage;

namespace Veil.Chain;

/// <summary>Importing finalized blocks produced elsewhere (full nodes now, Raft validators next).</summary>
public sealed partial class ChainService
{
    // Below this many extrinsics the thread-pool hand-off costs more than the verifications it spreads.
    private const int ParallelVerifyThreshold = 32;

    /// <summary>
    /// Distinct authority signatures a finality proof needs: a majority of the spec's authority set (1 of 1
    /// under DevSeal), the quorum Raft commits with (DESIGN §3).
    /// </summary>
    public int FinalityThreshold => FinalityCheck.Majority(Spec.Authorities.Count);

    /// <summary>
    /// Imports a finalized block produced by another node. It must extend the head, carry a finality proof
    /// for this header by <see cref="FinalityThreshold"/> authorities, and its extrinsics, re-executed by
    /// this node's runtime, must reproduce the header's extrinsics, messages and state roots. A refused
    /// block leaves the database and head untouched; an accepted one is committed in one atomic, fsynced
    /// batch exactly as <see cref="ProduceBlock"/> commits, then announced by <see cref="BlockFinalized"/>.
    /// Never throws on untrusted input.
    /// </summary>
    public BlockImportResult ImportBlock(Block block, FinalityProof proof)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(proof);
        lock (_blockLock)
        {
            var started = Stopwatch.GetTimestamp();
            var parent = Head;
            var header = block.Header;
            if (CheckPosition(parent, header) is { } position)
            {
                return position;
            }

            if (!FinalityCheck.TryCheck(GenesisHash, Spec.Authorities, FinalityThreshold, parent.Number, parent.Hash, header, proof, out var proofError))
            {
                return BlockImportResult.Refused(BlockImportStatus.InvalidFinalityProof, proofError);
            }

            // The proof is checked first (above): a block nobody finalized is not worth executing. Then the
            // same re-execution an authority runs before signing a proposal.
            var prepared = PrepareBlock(block, out var executed);
            if (executed is null)
            {
                return prepared;
            }

            var finalized = Commit(executed, proof, started);
            return new BlockImportResult(BlockImportStatus.Imported, string.Empty, finalized);
        }
    }

    // Where the block sits relative to the head: already ours, a conflicting history, a gap, or a fork.
    // Null when it is the head's child (FinalityCheck then checks the rest).
    private BlockImportResult? CheckPosition(BlockHeader parent, BlockHeader header)
    {
        var number = header.Number;
        if (number <= parent.Number)
        {
            var known = Database.GetHash(number);
            return known == header.Hash
                ? new BlockImportResult(BlockImportStatus.AlreadyImported, $"block #{number} {header.Hash} is already finalized", null)
                : BlockImportResult.Refused(BlockImportStatus.ConflictsWithFinalized, $"block #{number} {header.Hash} conflicts with finalized block #{number} {known}: the supplier serves another history");
        }

        if (number != (ulong)parent.Number + 1)
        {
            return BlockImportResult.Refused(BlockImportStatus.NotNext, $"block #{number} does not extend the finalized head #{parent.Number} (expected #{(ulong)parent.Number + 1})");
        }

        if (header.ParentHash != parent.Hash)
        {
            return BlockImportResult.Refused(BlockImportStatus.ParentMismatch, $"block #{number}: parent hash mismatch: it names {header.ParentHash}, but finalized #{parent.Number} is {parent.Hash}");
        }

        return null;
    }

    // Decodes every extrinsic, checks they hash to the extrinsics root, and verifies every signature
    // (in parallel: verification is ~50 µs each, most of a transfer's import cost).
    private bool TryDecodeExtrinsics(Block block, out List<Extrinsic> extrinsics, out List<Hash256> hashes, out BlockImportResult refusal)
    {
        var header = block.Header;
        var count = block.Extrinsics.Count;
        extrinsics = new List<Extrinsic>(count);
        hashes = new List<Hash256>(count);
        refusal = null!;
        for (var i = 0; i < count; i++)
        {
            if (!ExtrinsicCodec.TryDecode(block.Extrinsics[i], out var extrinsic, out var error))
            {
                refusal = BlockImportResult.Refused(BlockImportStatus.InvalidExtrinsic, $"block #{header.Number}: extrinsic {i} does not decode: {error}");
                return false;
            }

            extrinsics.Add(extrinsic);
            hashes.Add(extrinsic.Hash);
        }

        var extrinsicsRoot = MerkleList.Root(hashes);
        if (extrinsicsRoot != header.ExtrinsicsRoot)
        {
            refusal = BlockImportResult.Refused(BlockImportStatus.ExtrinsicsRootMismatch, $"block #{header.Number}: {count} extrinsic(s) hash to root {extrinsicsRoot}, but the header says {header.ExtrinsicsRoot}");
            return false;
        }

        var eraHashes = new Hash256[count];
        for (var i = 0; i < count; i++)
        {
            var extrinsic = extrinsics[i];
            if (!extrinsic.IsSigned)
            {
                refusal = BlockImportResult.Refused(BlockImportStatus.InvalidExtrinsic, $"block #{header.Number}: extrinsic {i} ({extrinsic.Hash}) is unsigned");
                return false;
            }

            if (extrinsic.Era.IsImmortal)
            {
                eraHashes[i] = GenesisHash;
                continue;
            }

            var birth = extrinsic.Era.Birth(header.Number);
            if (birth >= header.Number || Database.GetHash((uint)birth) is not { } birthHash)
            {
                refusal = BlockImportResult.Refused(BlockImportStatus.InvalidExtrinsic, $"block #{header.Number}: extrinsic {i} ({extrinsic.Hash}) names era birth block {birth}, which does not precede it");
                return false;
            }

            eraHashes[i] = birthHash;
        }

        var bad = -1;
        if (count < ParallelVerifyThreshold)
        {
            for (var i = 0; i < count && bad < 0; i++)
            {
                if (!ExtrinsicCodec.VerifySignature(extrinsics[i], SigningContext, eraHashes[i])) bad = i;
            }
        }
        else
        {
            var list = extrinsics;
            var context = SigningContext;
            Parallel.For(0, count, (i, loop) =>
            {
                if (!ExtrinsicCodec.VerifySignature(list[i], context, eraHashes[i]))
                {
                    // Any bad one refuses the block; report the lowest index found.
                    InterlockedMin(ref bad, i);
                    loop.Stop();
                }
            });
        }

        if (bad >= 0)
        {
            refusal = BlockImportResult.Refused(BlockImportStatus.InvalidExtrinsic, $"block #{header.Number}: extrinsic {bad} ({extrinsics[bad].Hash}) has a bad signature");
            return false;
        }

        return true;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while ((current < 0 || value < current) && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
