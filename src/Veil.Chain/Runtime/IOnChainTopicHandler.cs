using Veil.Protocol.Messaging;

namespace Veil.Chain.Runtime;

/// <summary>
/// A module that consumes relayed queue messages whose topic starts with <c>^</c> (they stay on chain).
/// The message's sender is already authenticated (registered key, exact sequence) when this runs.
/// </summary>
public interface IOnChainTopicHandler
{
    /// <summary>True for the topics this module owns.</summary>
    bool Handles(string topic);

    /// <summary>Applies the message, or says why not (the sender's sequence is consumed either way).</summary>
    DispatchError? HandleMessage(in DispatchContext context, QueueMessage message);
}
