using Veil.Core;

namespace Veil.State;

/// <summary>
/// A node that a root refers to is not in the store: the root is unknown, its block was never written,
/// or the database is damaged. Reading an unknown root is a caller error, not untrusted input.
/// </summary>
public sealed class MissingTrieNodeException : Exception
{
    public MissingTrieNodeException(Hash256 hash)
        : base($"state trie node {hash} is not in the store")
    {
        Hash = hash;
    }

    public MissingTrieNodeException()
    {
    }

    public MissingTrieNodeException(string message)
        : base(message)
    {
    }

    public MissingTrieNodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Hash256 Hash { get; }
}
