using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Veil.Storage;

/// <summary>
/// An in-memory <see cref="IKeyValueStore"/> with the same semantics as <see cref="RocksDbStore"/>, for
/// tests and throwaway dev chains. Each write swaps in a new immutable sorted set, so readers never lock
/// and every iteration sees one consistent version.
/// </summary>
public sealed class MemoryStore : IKeyValueStore
{
    private static readonly EntryComparer Comparer = new();

    private readonly Lock _writeLock = new();
    private ImmutableSortedSet<Entry> _entries = ImmutableSortedSet<Entry>.Empty.WithComparer(Comparer);
    private bool _disposed;

    /// <summary>The number of stored keys.</summary>
    public int Count => Volatile.Read(ref _entries).Count;

    public bool TryGet(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _entries).TryGetValue(Entry.Probe(key), out var entry))
        {
            // A copy, as RocksDB returns: callers may not reach into the store's own arrays.
            value = entry.Value.ToArray();
            return true;
        }

        value = null;
        return false;
    }

    public bool Contains(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Volatile.Read(ref _entries).Contains(Entry.Probe(key));
    }

    public void Write(WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_writeLock)
        {
            var builder = _entries.ToBuilder();
            foreach (var operation in batch.Operations)
            {
                var entry = new Entry(operation.Key, operation.Value ?? []);
                builder.Remove(entry);
                if (!operation.IsDelete)
                {
                    builder.Add(entry);
                }
            }

            // One reference swap publishes the whole batch: readers see all of it or none.
            Volatile.Write(ref _entries, builder.ToImmutable());
        }
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ReadOnlySpan<byte> prefix, byte[]? startAfter = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Enumerate(Volatile.Read(ref _entries), prefix.ToArray(), KeyOrder.SeekTarget(prefix, startAfter));
    }

    public void Dispose() => _disposed = true;

    private static IEnumerable<KeyValuePair<byte[], byte[]>> Enumerate(ImmutableSortedSet<Entry> snapshot, byte[] prefix, byte[] seek)
    {
        var index = snapshot.IndexOf(Entry.Probe(seek));
        if (index < 0)
        {
            index = ~index;
        }

        for (; index < snapshot.Count; index++)
        {
            var entry = snapshot[index];
            if (!entry.Key.AsSpan().StartsWith(prefix))
            {
                yield break;
            }

            yield return new KeyValuePair<byte[], byte[]>(entry.Key.ToArray(), entry.Value.ToArray());
        }
    }

    private sealed class Entry(byte[] key, byte[] value)
    {
        public byte[] Key { get; } = key;

        public byte[] Value { get; } = value;

        public static Entry Probe(ReadOnlySpan<byte> key) => new(key.ToArray(), []);
    }

    private sealed class EntryComparer : IComparer<Entry>
    {
        public int Compare(Entry? x, Entry? y) => x!.Key.AsSpan().SequenceCompareTo(y!.Key);
    }
}
