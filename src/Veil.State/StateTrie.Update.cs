using Veil.Core;
using Veil.Protocol.Proofs;
using Veil.Storage;

namespace Veil.State;

public sealed partial class StateTrie
{
    /// <summary>
    /// Applies a block's changes to the trie with <paramref name="oldRoot"/> and returns the new root.
    /// A null value deletes the key; when a key repeats, its last change wins. The changes are sorted
    /// (cheaply skipped when already sorted) and applied in one pass, so every node on a changed path is
    /// rebuilt and hashed once per call however many changes pass through it. New nodes go into
    /// <paramref name="batch"/>, which the caller writes together with the rest of the block; until then
    /// the new root is readable only while its nodes stay in this trie's cache, so write the batch before
    /// building on the new root from another <see cref="StateTrie"/> or after a restart.
    /// </summary>
    /// <exception cref="MissingTrieNodeException"><paramref name="oldRoot"/> or a node below it is not stored.</exception>
    public Hash256 Apply(Hash256 oldRoot, IReadOnlyList<(byte[] Key, byte[]? Value)> changes, WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(batch);
        if (changes.Count == 0)
        {
            return oldRoot;
        }

        var sorted = SortChanges(changes);
        var root = oldRoot.IsZero ? null : Load(oldRoot);
        var replaced = new List<Hash256>();
        var newRoot = Update(root, 0, sorted, replaced);
        if (ReferenceEquals(newRoot, root))
        {
            return oldRoot;
        }

        // Superseded nodes stay in the store for historic reads but leave the cache first; a node the
        // commit re-creates is added back.
        _cache.RemoveAll(replaced);

        if (newRoot is null)
        {
            return EmptyRoot;
        }

        Commit(newRoot, batch);
        return newRoot.Hash;
    }

    private static Change[] SortChanges(IReadOnlyList<(byte[] Key, byte[]? Value)> changes)
    {
        var array = new Change[changes.Count];
        var ordered = true;
        for (var i = 0; i < array.Length; i++)
        {
            var (key, value) = changes[i];
            if (key is null)
            {
                throw new ArgumentException($"change {i} has a null key", nameof(changes));
            }

            if (key.Length > TrieNodeCodec.MaxKeyLength)
            {
                throw new ArgumentException($"change {i} has a {key.Length}-byte key; the limit is {TrieNodeCodec.MaxKeyLength}", nameof(changes));
            }

            array[i] = new Change(key, value, i);
            ordered &= i == 0 || array[i - 1].Key.AsSpan().SequenceCompareTo(key) <= 0;
        }

        if (!ordered)
        {
            // The index tiebreak keeps repeated keys in submission order, so "last wins" holds.
            Array.Sort(array, static (a, b) =>
            {
                var c = a.Key.AsSpan().SequenceCompareTo(b.Key);
                return c != 0 ? c : a.Order.CompareTo(b.Order);
            });
        }

        var count = 0;
        for (var i = 0; i < array.Length; i++)
        {
            if (i + 1 < array.Length && array[i].Key.AsSpan().SequenceEqual(array[i + 1].Key))
            {
                continue;
            }

            array[count++] = array[i];
        }

        return count == array.Length ? array : array[..count];
    }

    /// <summary>
    /// Applies <paramref name="changes"/> (sorted, distinct, all sharing the first
    /// <paramref name="depth"/> nibbles) to the subtree <paramref name="node"/> found at that depth.
    /// Returns the same object when nothing changed, so untouched subtrees keep their hashes. Stored
    /// nodes that the result no longer uses at this position go into <paramref name="replaced"/>.
    /// </summary>
    private TrieNode? Update(TrieNode? node, int depth, ReadOnlySpan<Change> changes, List<Hash256> replaced)
    {
        if (node is null)
        {
            return Build(depth, changes, replaced);
        }

        return node.Kind switch
        {
            TrieNodeKind.Leaf => UpdateLeaf(node, depth, changes, replaced),
            TrieNodeKind.Extension => UpdateExtension(node, depth, changes, replaced),
            _ => UpdateBranch(node, depth, changes, replaced, out _),
        };
    }

    private TrieNode? UpdateLeaf(TrieNode leaf, int depth, ReadOnlySpan<Change> changes, List<Hash256> replaced)
    {
        var path = leaf.Path;

        // The common case, an existing account written again: no split needed.
        if (changes.Length == 1 && EndsAt(changes[0].Key, depth, path))
        {
            var value = changes[0].Value;
            if (value is not null && value.AsSpan().SequenceEqual(leaf.Value))
            {
                return leaf;
            }

            Replace(leaf, replaced);
            return value is null ? null : TrieNode.Leaf(path, value);
        }

        // Otherwise split where the changes part from the leaf's path into a temporary branch that holds
        // the leaf, update that, and let normalisation fold the result back into canonical shape.
        var k = CommonPrefixWithAll(path, depth, changes);
        var split = TrieNode.Branch(k == path.Length ? leaf.Value : null);
        if (k < path.Length)
        {
            split.Children![path[k]] = NodeRef.To(TrieNode.Leaf(path[(k + 1)..], leaf.Value!));
        }

        var updated = UpdateBranch(split, depth + k, changes, replaced, out var changed);
        if (!changed)
        {
            return leaf;
        }

        Replace(leaf, replaced);
        return WrapPrefix(path.AsSpan(0, k), updated, replaced);
    }

    private TrieNode? UpdateExtension(TrieNode extension, int depth, ReadOnlySpan<Change> changes, List<Hash256> replaced)
    {
        var path = extension.Path;
        var k = CommonPrefixWithAll(path, depth, changes);
        if (k == path.Length)
        {
            var child = Resolve(extension.Child);
            var updatedChild = Update(child, depth + k, changes, replaced);
            if (ReferenceEquals(updatedChild, child))
            {
                return extension;
            }

            Replace(extension, replaced);
            return WrapPrefix(path, updatedChild, replaced);
        }

        var split = TrieNode.Branch(null);
        split.Children![path[k]] = k + 1 == path.Length
            ? extension.Child
            : NodeRef.To(TrieNode.Extension(path[(k + 1)..], extension.Child));
        var updated = UpdateBranch(split, depth + k, changes, replaced, out var changed);
        if (!changed)
        {
            return extension;
        }

        Replace(extension, replaced);
        return WrapPrefix(path.AsSpan(0, k), updated, replaced);
    }

    private TrieNode? UpdateBranch(TrieNode branch, int depth, ReadOnlySpan<Change> changes, List<Hash256> replaced, out bool changed)
    {
        changed = false;
        var target = branch;
        var i = 0;

        // Sorted order puts the one key that ends exactly here first.
        if (changes[0].Key.Length * 2 == depth)
        {
            if (!ValueEquals(branch.Value, changes[0].Value))
            {
                target = Writable(branch);
                target.Value = changes[0].Value;
                changed = true;
            }

            i = 1;
        }

        var slots = branch.Children!;
        while (i < changes.Length)
        {
            var nibble = Nibbles.At(changes[i].Key, depth);
            var end = i + 1;
            while (end < changes.Length && Nibbles.At(changes[end].Key, depth) == nibble)
            {
                end++;
            }

            var child = Resolve(slots[nibble]);
            var updatedChild = Update(child, depth + 1, changes[i..end], replaced);
            if (!ReferenceEquals(updatedChild, child))
            {
                if (!changed)
                {
                    target = Writable(branch);
                    changed = true;
                }

                target.Children![nibble] = updatedChild is null ? default : NodeRef.To(updatedChild);
            }

            i = end;
        }

        if (!changed)
        {
            return branch;
        }

        Replace(branch, replaced);
        return Normalize(target, replaced);
    }

    /// <summary>A subtree holding just the puts among <paramref name="changes"/>.</summary>
    private TrieNode? Build(int depth, ReadOnlySpan<Change> changes, List<Hash256> replaced)
    {
        int first = -1, last = -1;
        for (var i = 0; i < changes.Length; i++)
        {
            if (changes[i].Value is not null)
            {
                if (first < 0)
                {
                    first = i;
                }

                last = i;
            }
        }

        if (first < 0)
        {
            return null;
        }

        var firstKey = changes[first].Key;
        if (first == last)
        {
            return TrieNode.Leaf(Nibbles.FromKey(firstKey, depth, (firstKey.Length * 2) - depth), changes[first].Value!);
        }

        // Sorted keys share exactly the prefix the first and last share.
        var puts = changes[first..(last + 1)];
        var lastKey = changes[last].Key;
        var limit = (Math.Min(firstKey.Length, lastKey.Length) * 2) - depth;
        var k = 0;
        while (k < limit && Nibbles.At(firstKey, depth + k) == Nibbles.At(lastKey, depth + k))
        {
            k++;
        }

        var branch = UpdateBranch(TrieNode.Branch(null), depth + k, puts, replaced, out _);
        return WrapPrefix(Nibbles.FromKey(firstKey, depth, k), branch, replaced);
    }

    /// <summary>Restores canonical shape after a branch lost entries.</summary>
    private TrieNode? Normalize(TrieNode branch, List<Hash256> replaced)
    {
        var slots = branch.Children!;
        var count = 0;
        var only = -1;
        for (var i = 0; i < slots.Length; i++)
        {
            if (!slots[i].IsEmpty)
            {
                count++;
                only = i;
            }
        }

        if (count == 0)
        {
            return branch.Value is null ? null : TrieNode.Leaf([], branch.Value);
        }

        if (count == 1 && branch.Value is null)
        {
            ReadOnlySpan<byte> nibble = [(byte)only];
            return WrapPrefix(nibble, Resolve(slots[only]), replaced);
        }

        return branch;
    }

    /// <summary>Puts <paramref name="prefix"/> in front of a subtree, merging it into a leaf or extension.</summary>
    private static TrieNode? WrapPrefix(ReadOnlySpan<byte> prefix, TrieNode? node, List<Hash256> replaced)
    {
        if (node is null || prefix.IsEmpty)
        {
            return node;
        }

        if (node.Kind != TrieNodeKind.Branch)
        {
            Replace(node, replaced);
        }

        return node.Kind switch
        {
            TrieNodeKind.Leaf => TrieNode.Leaf([.. prefix, .. node.Path], node.Value!),
            TrieNodeKind.Extension => TrieNode.Extension([.. prefix, .. node.Path], node.Child),
            _ => TrieNode.Extension(prefix.ToArray(), NodeRef.To(node)),
        };
    }

    private static void Replace(TrieNode node, List<Hash256> replaced)
    {
        if (node.IsCommitted)
        {
            replaced.Add(node.Hash);
        }
    }

    private static TrieNode Writable(TrieNode branch) => branch.IsCommitted ? branch.CloneBranch() : branch;

    /// <summary>The shortest common prefix of <paramref name="path"/> with any change key's nibbles from <paramref name="depth"/>.</summary>
    private static int CommonPrefixWithAll(byte[] path, int depth, ReadOnlySpan<Change> changes)
    {
        // Keys sharing a prefix form one run in sorted order, so the extremes bound everything between.
        var k = Nibbles.CommonPrefix(path, changes[0].Key, depth);
        return changes.Length == 1 ? k : Math.Min(k, Nibbles.CommonPrefix(path, changes[^1].Key, depth));
    }

    private static bool EndsAt(byte[] key, int depth, byte[] path)
        => (key.Length * 2) - depth == path.Length && Nibbles.CommonPrefix(path, key, depth) == path.Length;

    private static bool ValueEquals(byte[]? a, byte[]? b)
        => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private readonly record struct Change(byte[] Key, byte[]? Value, int Order);
}
