using Veil.Core;
using Veil.Core.Collections;

namespace Veil.Contracts.Runtime;

/// <summary>
/// A contract's whole state: a key-value map kept in lexicographic byte order, so hashing and
/// snapshots never depend on insertion order or hash seeds. Changes made between <see cref="Begin"/>
/// and <see cref="Commit"/> are journaled and undone by <see cref="Rollback"/>, which is how a failed
/// or out-of-gas command leaves no trace. Not thread-safe: one contract's commands run one at a time
/// (DESIGN §5), different contracts have different states.
/// </summary>
public sealed partial class ContractState
{
    public const int MaxKeyLength = 256;
    public const int MaxValueLength = 64 * 1024;

    private readonly SortedDictionary<byte[], byte[]> _entries = new(ByteArrayComparer.Instance);

    // Every write inside a transaction, with the value it replaced (null: the key was absent), undone
    // newest first. Stored arrays are never mutated, so keeping the old reference is enough.
    private readonly List<(byte[] Key, byte[]? Previous)> _journal = [];

    private bool _inTransaction;
    private Hash256? _hash;

    public int Count => _entries.Count;

    public bool InTransaction => _inTransaction;

    /// <summary>Looks a key up; the value is a read-only view of the stored bytes.</summary>
    /// <summary>
    /// A read charged to <paramref name="gas"/>: the key's cost first, then the value's bytes. The one place
    /// the read price is applied, for commands and queries alike.
    /// </summary>
    internal bool TryReadMetered(byte[] key, GasMeter gas, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!gas.TryCharge(GasCost.StateRead(key.Length)) || !TryGet(key, out var stored))
        {
            return false;
        }

        if (!gas.TryCharge(GasCost.StateReadPerByte * (ulong)stored.Length))
        {
            return false;
        }

        value = stored;
        return true;
    }

    public bool TryGet(byte[] key, out ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_entries.TryGetValue(key, out var stored))
        {
            value = stored;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Sets a key (copies key and value, so the caller may reuse its buffers).</summary>
    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        CheckKey(key);
        if (value.Length > MaxValueLength)
        {
            throw new ArgumentException($"A contract state value is at most {MaxValueLength} bytes, not {value.Length}.", nameof(value));
        }

        var keyCopy = key.ToArray();
        var valueCopy = value.ToArray();
        if (_inTransaction)
        {
            _journal.Add((keyCopy, _entries.TryGetValue(keyCopy, out var previous) ? previous : null));
        }

        _entries[keyCopy] = valueCopy;
        _hash = null;
    }

    /// <summary>Removes a key; false when it was absent.</summary>
    public bool Remove(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        var keyCopy = key.ToArray();
        if (!_entries.Remove(keyCopy, out var previous))
        {
            return false;
        }

        if (_inTransaction)
        {
            _journal.Add((keyCopy, previous));
        }

        _hash = null;
        return true;
    }

    /// <summary>The entries in key order, as read-only views.</summary>
    public IEnumerable<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>> Entries
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return new KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(entry.Key, entry.Value);
            }
        }
    }

    /// <summary>Starts journaling a command's changes. Transactions do not nest.</summary>
    public void Begin()
    {
        if (_inTransaction)
        {
            throw new InvalidOperationException("A contract state transaction is already open.");
        }

        _inTransaction = true;
    }

    /// <summary>Keeps the changes since <see cref="Begin"/>.</summary>
    public void Commit()
    {
        EnsureInTransaction();
        _journal.Clear();
        _inTransaction = false;
    }

    /// <summary>Undoes every change since <see cref="Begin"/>, newest first.</summary>
    public void Rollback()
    {
        EnsureInTransaction();
        for (var i = _journal.Count - 1; i >= 0; i--)
        {
            var (key, previous) = _journal[i];
            if (previous is null)
            {
                _entries.Remove(key);
            }
            else
            {
                _entries[key] = previous;
            }
        }

        if (_journal.Count > 0)
        {
            _hash = null;
        }

        _journal.Clear();
        _inTransaction = false;
    }

    private void EnsureInTransaction()
    {
        if (!_inTransaction)
        {
            throw new InvalidOperationException("No contract state transaction is open.");
        }
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            throw new ArgumentException($"A contract state key is 1..{MaxKeyLength} bytes, not {key.Length}.", nameof(key));
        }
    }
}
