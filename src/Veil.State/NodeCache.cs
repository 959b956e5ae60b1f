using Veil.Core;

namespace Veil.State;

/// <summary>
/// A bounded cache of decoded nodes by hash, approximating LRU with two generations: hits in the old
/// generation are promoted, and when the young one fills, the old one is dropped wholesale. One
/// dictionary operation per hit, no linked-list bookkeeping, and at most <c>capacity</c> nodes held.
/// </summary>
internal sealed class NodeCache
{
    private readonly Lock _lock = new();
    private readonly int _generationSize;
    private Dictionary<Hash256, TrieNode> _young;
    private Dictionary<Hash256, TrieNode> _old;

    public NodeCache(int capacity)
    {
        _generationSize = Math.Max(1, capacity / 2);
        _young = new Dictionary<Hash256, TrieNode>(_generationSize);
        _old = new Dictionary<Hash256, TrieNode>(_generationSize);
    }

    public bool TryGet(Hash256 hash, out TrieNode node)
    {
        lock (_lock)
        {
            if (_young.TryGetValue(hash, out node!))
            {
                return true;
            }

            if (_old.TryGetValue(hash, out node!))
            {
                AddLocked(hash, node);
                return true;
            }

            return false;
        }
    }

    public void Add(Hash256 hash, TrieNode node)
    {
        lock (_lock)
        {
            AddLocked(hash, node);
        }
    }

    private void AddLocked(Hash256 hash, TrieNode node)
    {
        _young[hash] = node;
        if (_young.Count >= _generationSize)
        {
            (_old, _young) = (_young, _old);
            _young.Clear();
        }
    }
}
