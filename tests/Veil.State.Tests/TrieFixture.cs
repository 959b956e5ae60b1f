using Veil.Core;
using Veil.Storage;

namespace Veil.State.Tests;

/// <summary>A trie over a memory store that commits each applied batch, as the chain does per block.</summary>
internal sealed class TrieFixture : IDisposable
{
    public TrieFixture(int cacheCapacity = StateTrie.DefaultCacheCapacity)
    {
        Trie = new StateTrie(Store, cacheCapacity);
    }

    public MemoryStore Store { get; } = new();

    public StateTrie Trie { get; }

    public Hash256 Apply(Hash256 root, IReadOnlyList<(byte[] Key, byte[]? Value)> changes)
    {
        var batch = new WriteBatch();
        var newRoot = Trie.Apply(root, changes, batch);
        Store.Write(batch);
        return newRoot;
    }

    public Hash256 Build(IReadOnlyDictionary<byte[], byte[]> map)
        => Apply(Hash256.Zero, map.Select(pair => (pair.Key, (byte[]?)pair.Value)).ToList());

    public void Dispose() => Store.Dispose();
}
