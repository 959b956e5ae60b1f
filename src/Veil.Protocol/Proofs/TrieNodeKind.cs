namespace Veil.Protocol.Proofs;

/// <summary>The three node shapes of the state trie; the value is the node encoding's first byte.</summary>
public enum TrieNodeKind : byte
{
    /// <summary>The rest of one key's path and its value.</summary>
    Leaf = 0,

    /// <summary>A shared run of path nibbles, then exactly one child, which is always a branch.</summary>
    Extension = 1,

    /// <summary>Up to 16 children, one per next nibble, and the value of a key that ends here.</summary>
    Branch = 2,
}
