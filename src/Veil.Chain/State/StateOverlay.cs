using Veil.Core.Collections;

namespace Veil.Chain.State;

/// <summary>
/// Pending state changes on top of a base state, with a journal so that one extrinsic's dispatch can
/// be rolled back (a failed call keeps its fee and nonce but none of its effects).
/// </summary>
public sealed class StateOverlay : IStateReader
{
    private readonly IStateReader _base;
    private readonly Dictionary<byte[], byte[]?> _changes = new(ByteArrayComparer.Instance);
    private readonly List<(byte[] Key, bool Existed, byte[]? Previous)> _journal = [];

    public StateOverlay(IStateReader baseState) => _base = baseState;

    public int ChangeCount => _changes.Count;

    public bool TryGet(ReadOnlySpan<byte> key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out byte[] value)
    {
        var lookup = _changes.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(key, out var pending))
        {
            value = pending ?? [];
            return pending is not null;
        }

        return _base.TryGet(key, out value);
    }

    public void Set(byte[] key, byte[] value) => Record(key, value);

    public void Remove(byte[] key) => Record(key, null);

    /// <summary>A point to roll back to.</summary>
    public int Checkpoint() => _journal.Count;

    public void RollbackTo(int checkpoint)
    {
        for (var i = _journal.Count - 1; i >= checkpoint; i--)
        {
            var (key, existed, previous) = _journal[i];
            if (existed) _changes[key] = previous;
            else _changes.Remove(key);
        }

        _journal.RemoveRange(checkpoint, _journal.Count - checkpoint);
    }

    /// <summary>Forgets the journal (changes stay); call between extrinsics to keep it small.</summary>
    public void Commit() => _journal.Clear();

    /// <summary>All changes sorted by key (the order the trie and the database want).</summary>
    public List<KeyValuePair<byte[], byte[]?>> SortedChanges()
    {
        var list = new List<KeyValuePair<byte[], byte[]?>>(_changes.Count);
        foreach (var change in _changes) list.Add(change);
        list.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return list;
    }

    private void Record(byte[] key, byte[]? value)
    {
        var existed = _changes.TryGetValue(key, out var previous);
        _journal.Add((key, existed, previous));
        _changes[key] = value;
    }
}
