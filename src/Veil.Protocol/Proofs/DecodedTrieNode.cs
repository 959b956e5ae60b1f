using Veil.Core;

namespace Veil.Protocol.Proofs;

/// <summary>A state-trie node read back from its encoding by <see cref="TrieNodeCodec.TryDecode"/>.</summary>
public sealed class DecodedTrieNode
{
    internal DecodedTrieNode(TrieNodeKind kind, byte[] path, byte[]? value, Hash256 child, Hash256[]? children)
    {
        Kind = kind;
        Path = path;
        Value = value;
        Child = child;
        Children = children;
    }

    public TrieNodeKind Kind { get; }

    /// <summary>Leaf and extension path, one nibble per byte; empty for a branch.</summary>
    public byte[] Path { get; }

    /// <summary>A leaf's value, or a branch's value (null when no key ends at the branch).</summary>
    public byte[]? Value { get; }

    /// <summary>An extension's child.</summary>
    public Hash256 Child { get; }

    /// <summary>A branch's 16 children by nibble, <see cref="Hash256.Zero"/> where absent; null otherwise.</summary>
    public Hash256[]? Children { get; }
}
