using Veil.Protocol.Messaging;

namespace Veil.Enclave.LightClient;

/// <summary>
/// A queue message the light client has verified against a finalized block: the executor dispatches
/// these in (<see cref="BlockNumber"/>, <see cref="Index"/>) order, which is the chain's order.
/// </summary>
public readonly record struct DeliveredMessage(uint BlockNumber, int Index, QueueMessage Message);
