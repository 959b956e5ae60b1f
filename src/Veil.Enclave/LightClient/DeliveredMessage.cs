using Veil.Protocol.Messaging;

namespace Veil.Enclave.LightClient;

/// <summary>
/// A queue message the light client has verified against a finalized block: the executor dispatches
/// these in (<see cref="BlockNumber"/>, <see cref="Index"/>) order, which is the chain's order.
/// </summary>
public readonly record struct DeliveredMessage(uint BlockNumber, int Index, QueueMessage Message)
{
    /// <summary>The delivering block's timestamp (ms, from its verified header): what <c>seal0.now</c> reports to WebAssembly contracts.</summary>
    public ulong Timestamp { get; init; }
}
