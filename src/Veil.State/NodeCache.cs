using Veil.Core;

namespace Veil.State;

/// <summary>
/// A bounded least-recently-used cache of decoded nodes by hash. One lock: each operation is a
/// dictionary probe and a list splice (~50 ns), against ~60k operations per 10k-change block.
/// </summary>
internal sealed class NodeCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Hash256, LinkedListNode<(Hash256 Hash, TrieNode Node)>> _entries = new(Math.Min(capacity, 1 << 16));
    private readonly LinkedList<(Hash256 Hash, TrieNode Node)> _recency = new();

    public bool TryGet(Hash256 hash, out TrieNode node)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(hash, out var entry))
            {
                _recency.Remove(entry);
                _recency.AddFirst(entry);
                node = entry.Value.Node;
                return true;
            }
        }

        node = null!;
        return false;
    }

    public void Add(Hash256 hash, TrieNode node)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(hash, out var existing))
            {
                _recency.Remove(existing);
                _recency.AddFirst(existing);
                return;
            }

            _entries[hash] = _recency.AddFirst((hash, node));
            if (_entries.Count > capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Hash);
            }
        }
    }

    /// <summary>Drops nodes a block replaced, so the cache holds the live state rather than history.</summary>
    public void RemoveAll(List<Hash256> hashes)
    {
        lock (_lock)
        {
            foreach (var hash in hashes)
            {
                if (_entries.Remove(hash, out var entry))
                {
                    _recency.Remove(entry);
                }
            }
        }
    }
}
