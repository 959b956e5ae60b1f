using System.Diagnostics.CodeAnalysis;
using Veil.Core;
using Veil.Crypto;

namespace Veil.Enclave.Confidential;

/// <summary>
/// A bounded least-recently-used map from a sender's ephemeral public key to the AEAD derived for it, so
/// a client session costs one X25519 + HKDF on its first command and one AES-GCM after that. The cache
/// owns its AEAD instances and disposes them on eviction. It changes only speed, never results, so
/// enclave execution stays deterministic whatever it holds. Not thread-safe; the owner locks.
/// </summary>
internal sealed class DerivedKeyCache : IDisposable
{
    private readonly int _capacity;
    private readonly Dictionary<Hash256, LinkedListNode<Entry>> _index;
    private readonly LinkedList<Entry> _recency = new(); // most recently used first

    public DerivedKeyCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _index = new Dictionary<Hash256, LinkedListNode<Entry>>(capacity);
    }

    public int Count => _index.Count;

    public int Capacity => _capacity;

    public bool TryGet(Hash256 ephemeralKey, [NotNullWhen(true)] out Aes256Gcm? aead)
    {
        if (_index.TryGetValue(ephemeralKey, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            aead = node.Value.Aead;
            return true;
        }

        aead = null;
        return false;
    }

    /// <summary>Adds a key not yet cached, evicting (and disposing) the least recently used one when full.</summary>
    public void Add(Hash256 ephemeralKey, Aes256Gcm aead)
    {
        if (_index.Count >= _capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _index.Remove(oldest.Value.EphemeralKey);
            oldest.Value.Aead.Dispose();
        }

        _index.Add(ephemeralKey, _recency.AddFirst(new Entry(ephemeralKey, aead)));
    }

    public void Dispose()
    {
        foreach (var entry in _recency)
        {
            entry.Aead.Dispose();
        }

        _recency.Clear();
        _index.Clear();
    }

    private readonly record struct Entry(Hash256 EphemeralKey, Aes256Gcm Aead);
}
