using Veil.Chain.State;
using Veil.Core;
using Veil.Protocol.Messaging;
using Veil.Protocol.Transactions;

namespace Veil.Chain.Runtime;

/// <summary>The result of executing a block's transactions on top of its parent's state.</summary>
public sealed class BlockExecution
{
    public required StateOverlay State { get; init; }

    /// <summary>The transactions that were applied, in order.</summary>
    public required List<Extrinsic> Included { get; init; }

    /// <summary>For each included transaction: null when its call succeeded, else why it failed (fee still paid).</summary>
    public required List<DispatchError?> Outcomes { get; init; }

    /// <summary>Candidates that were not valid at their turn (authoring only) and why.</summary>
    public required List<(Extrinsic Extrinsic, TransactionCheck Reason)> Rejected { get; init; }

    public required int EventCount { get; init; }

    /// <summary>Queue messages delivered in this block, in order, and their hashes (the messages root's leaves).</summary>
    public required IReadOnlyList<QueueMessage> Messages { get; init; }

    public required List<Hash256> MessageHashes { get; init; }
}
