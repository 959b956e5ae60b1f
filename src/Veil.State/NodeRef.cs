using Veil.Core;

namespace Veil.State;

/// <summary>
/// A child slot: the hash of a stored node, or (during an update) the node object itself, which for a
/// new node has no hash yet. Both empty means no child.
/// </summary>
internal readonly struct NodeRef(Hash256 hash, TrieNode? node)
{
    public Hash256 Hash { get; } = hash;

    public TrieNode? Node { get; } = node;

    public bool IsEmpty => Node is null && Hash.IsZero;

    public static NodeRef To(TrieNode node) => new(node.IsCommitted ? node.Hash : Hash256.Zero, node);

    /// <summary>The child's hash; only valid once the child is committed.</summary>
    public Hash256 CommittedHash => Node is null ? Hash : Node.Hash;
}
