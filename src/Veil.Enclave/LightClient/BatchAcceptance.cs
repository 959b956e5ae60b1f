namespace Veil.Enclave.LightClient;

/// <summary>
/// The outcome of <see cref="ChainLightClient.AcceptBatch(IReadOnlyList{Veil.Protocol.Blocks.FinalizedBlockBundle}, Action{DeliveredMessage}?)"/>:
/// how many bundles (a prefix of the batch) were accepted and, if the batch stopped early, why the
/// next one was refused.
/// </summary>
public readonly record struct BatchAcceptance(int Accepted, int Offered, string Error)
{
    /// <summary>True when every bundle of the batch was accepted.</summary>
    public bool IsComplete => Accepted == Offered && Error.Length == 0;
}
