namespace Veil.Chain.Consensus;

/// <summary>
/// Decides when blocks are produced and when they are final. DevSeal (one authority) is the embedded
/// default; Raft and BFT engines plug in behind the same interface.
/// </summary>
public interface IConsensus
{
    string Name { get; }

    /// <summary>Runs until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
