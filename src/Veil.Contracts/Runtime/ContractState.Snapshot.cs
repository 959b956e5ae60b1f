using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;

namespace Veil.Contracts.Runtime;

/// <summary>
/// Snapshot encoding and the state hash. A snapshot is
/// <c>version: u8 (= 1) ‖ Compact(count) ‖ count × (key: Vec&lt;u8&gt; ‖ value: Vec&lt;u8&gt;)</c> with keys
/// strictly ascending, so every state has exactly one encoding; the state hash workers report on chain
/// is BLAKE2b-256 of that encoding. Hashing is O(state size) — about 51 bytes per wallet account, so
/// ~50 ms at a million accounts — and cached until the state changes, which suits a per-block report.
/// An incremental scheme (e.g. a Merkle tree over the sorted entries) can replace it under a new
/// version byte if states grow far beyond that.
/// </summary>
public sealed partial class ContractState
{
    public const byte SnapshotVersion = 1;

    /// <summary>BLAKE2b-256 of <see cref="EncodeSnapshot"/>; the value a worker reports on chain.</summary>
    public Hash256 ComputeHash()
    {
        if (_hash is { } cached)
        {
            return cached;
        }

        var writer = new ScaleWriter(EstimateSnapshotSize());
        try
        {
            WriteSnapshot(ref writer);
            var hash = Blake2b.Hash256(writer.WrittenSpan);
            _hash = hash;
            return hash;
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The canonical encoding, for sealed checkpoints and snapshots sent to a new worker.</summary>
    public byte[] EncodeSnapshot()
    {
        var writer = new ScaleWriter(EstimateSnapshotSize());
        try
        {
            WriteSnapshot(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Decodes a snapshot, refusing anything but the canonical encoding: unknown version, empty or
    /// oversize keys or values, keys out of order or repeated, truncation, trailing bytes.
    /// </summary>
    public static bool TryDecodeSnapshot(ReadOnlySpan<byte> bytes, out ContractState state, out string error)
    {
        state = new ContractState();
        var reader = new ScaleReader(bytes);
        var version = reader.ReadU8();
        if (!reader.Failed && version != SnapshotVersion)
        {
            reader.Fail($"unknown contract state snapshot version {version}");
        }

        // Each entry takes at least three bytes: two length prefixes and a one-byte key.
        var count = reader.ReadLength(int.MaxValue, minItemSize: 3);
        ReadOnlySpan<byte> previousKey = default;
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            var key = reader.ReadBytes(MaxKeyLength);
            var value = reader.ReadBytes(MaxValueLength);
            if (reader.Failed)
            {
                break;
            }

            if (key.IsEmpty)
            {
                reader.Fail($"entry {i} has an empty key");
                break;
            }

            if (i > 0 && key.SequenceCompareTo(previousKey) <= 0)
            {
                reader.Fail($"entry {i} is not in strictly ascending key order");
                break;
            }

            state._entries.Add(key.ToArray(), value.ToArray());
            previousKey = key;
        }

        if (!reader.TryFinish(out error))
        {
            state = new ContractState();
            return false;
        }

        return true;
    }

    private void WriteSnapshot(ref ScaleWriter writer)
    {
        writer.WriteU8(SnapshotVersion);
        writer.WriteLength(_entries.Count);
        foreach (var entry in _entries)
        {
            writer.WriteBytes(entry.Key);
            writer.WriteBytes(entry.Value);
        }
    }

    private int EstimateSnapshotSize()
    {
        // A guess to pre-size the buffer (wallet entries are 33 + 16 bytes plus two prefixes); it grows if short.
        var estimate = 8L + (_entries.Count * 56L);
        return (int)Math.Min(estimate, 1 << 30);
    }
}
