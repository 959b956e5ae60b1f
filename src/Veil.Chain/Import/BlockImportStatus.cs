namespace Veil.Chain.Import;

/// <summary>What <see cref="ChainService.ImportBlock"/> did with a block produced elsewhere.</summary>
public enum BlockImportStatus
{
    /// <summary>Verified, re-executed and committed as the new finalized head.</summary>
    Imported,

    /// <summary>This very block is already finalized here; nothing changed.</summary>
    AlreadyImported,

    /// <summary>The block's number is not the head's plus one (a gap: the blocks between are missing).</summary>
    NotNext,

    /// <summary>The block names another parent than this node's finalized head.</summary>
    ParentMismatch,

    /// <summary>Another block is already finalized at this height: the supplier serves a different history.</summary>
    ConflictsWithFinalized,

    /// <summary>The finality proof is not for this header, or lacks a quorum of valid authority signatures.</summary>
    InvalidFinalityProof,

    /// <summary>A header field breaks a chain rule (e.g. its time does not move forward).</summary>
    InvalidHeader,

    /// <summary>An extrinsic does not decode, has a bad signature, or is not valid at its position.</summary>
    InvalidExtrinsic,

    /// <summary>The extrinsics do not hash to the header's extrinsics root.</summary>
    ExtrinsicsRootMismatch,

    /// <summary>Re-execution delivered other queue messages than the header's messages root commits to.</summary>
    MessagesRootMismatch,

    /// <summary>Re-execution reached another state root than the header's.</summary>
    StateRootMismatch,
}
