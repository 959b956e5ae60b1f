namespace Veil.Chain.Import;

/// <summary>The outcome of importing one block: its status, why it was refused, and the committed block.</summary>
public sealed record BlockImportResult(BlockImportStatus Status, string Message, FinalizedBlock? Block)
{
    /// <summary>True when the block is this node's finalized block at its height (just imported or already there).</summary>
    public bool IsAccepted => Status is BlockImportStatus.Imported or BlockImportStatus.AlreadyImported;

    internal static BlockImportResult Refused(BlockImportStatus status, string message) => new(status, message, null);
}
