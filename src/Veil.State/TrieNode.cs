using Veil.Core;
using Veil.Protocol.Proofs;

namespace Veil.State;

/// <summary>
/// A decoded trie node. Committed nodes (hashed, in the store or the caller's batch) are shared through
/// the cache and never change; an update copies them. Only nodes created during the current update are
/// mutated, and they become immutable when <see cref="StateTrie"/> commits them.
/// </summary>
internal sealed class TrieNode
{
    private TrieNode(TrieNodeKind kind, byte[] path, byte[]? value, NodeRef child, NodeRef[]? children)
    {
        Kind = kind;
        Path = path;
        Value = value;
        Child = child;
        Children = children;
    }

    public TrieNodeKind Kind { get; }

    /// <summary>Leaf or extension path, one nibble per byte.</summary>
    public byte[] Path { get; }

    public byte[]? Value { get; set; }

    /// <summary>An extension's child.</summary>
    public NodeRef Child { get; set; }

    /// <summary>A branch's 16 child slots.</summary>
    public NodeRef[]? Children { get; }

    public Hash256 Hash { get; private set; }

    public bool IsCommitted { get; private set; }

    public static TrieNode Leaf(byte[] path, byte[] value) => new(TrieNodeKind.Leaf, path, value, default, null);

    public static TrieNode Extension(byte[] path, NodeRef child) => new(TrieNodeKind.Extension, path, null, child, null);

    public static TrieNode Branch(byte[]? value) => new(TrieNodeKind.Branch, [], value, default, new NodeRef[TrieNodeCodec.BranchWidth]);

    public static TrieNode FromDecoded(DecodedTrieNode decoded, Hash256 hash)
    {
        NodeRef[]? children = null;
        if (decoded.Children is { } hashes)
        {
            children = new NodeRef[TrieNodeCodec.BranchWidth];
            for (var i = 0; i < children.Length; i++)
            {
                children[i] = new NodeRef(hashes[i], null);
            }
        }

        var node = new TrieNode(decoded.Kind, decoded.Path, decoded.Value, new NodeRef(decoded.Child, null), children);
        node.MarkCommitted(hash);
        return node;
    }

    /// <summary>A mutable copy of a branch, children kept as hashes.</summary>
    public TrieNode CloneBranch()
    {
        var children = new NodeRef[TrieNodeCodec.BranchWidth];
        Children.AsSpan().CopyTo(children);
        return new TrieNode(TrieNodeKind.Branch, [], Value, default, children);
    }

    public void MarkCommitted(Hash256 hash)
    {
        Hash = hash;
        IsCommitted = true;
    }
}
