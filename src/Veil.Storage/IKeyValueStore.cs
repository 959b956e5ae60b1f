using System.Diagnostics.CodeAnalysis;

namespace Veil.Storage;

/// <summary>
/// An ordered byte-key/byte-value store. Keys compare byte-wise (unsigned, shorter prefix first), so
/// module prefixes group their keys together. Every method is safe to call from several threads at once;
/// <see cref="IDisposable.Dispose"/> must not race with other calls.
/// </summary>
public interface IKeyValueStore : IDisposable
{
    /// <summary>Reads the value stored under <paramref name="key"/>.</summary>
    bool TryGet(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] value);

    /// <summary>True when a value is stored under <paramref name="key"/>.</summary>
    bool Contains(ReadOnlySpan<byte> key);

    /// <summary>
    /// Applies every operation of <paramref name="batch"/> atomically, in order (a later operation on the
    /// same key wins). When this returns the batch is durable: a crash afterwards cannot lose it, and a crash
    /// during the call leaves either all of it or none of it.
    /// </summary>
    void Write(WriteBatch batch);

    /// <summary>
    /// The entries whose keys start with <paramref name="prefix"/>, in ascending key order, beginning after
    /// <paramref name="startAfter"/> when given (for paging). The sequence reflects the store at the moment
    /// enumeration starts; batches written meanwhile are not seen halfway.
    /// </summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ReadOnlySpan<byte> prefix, byte[]? startAfter = null);
}
