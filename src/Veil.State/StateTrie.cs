using System.Diagnostics.CodeAnalysis;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Proofs;
using Veil.Storage;

namespace Veil.State;

/// <summary>
/// The chain's state commitment (DESIGN §3): a 16-ary Merkle Patricia trie over arbitrary byte keys,
/// node encodings per <see cref="TrieNodeCodec"/>, node hash = BLAKE2b-256 of the encoding. The empty
/// trie's root is <see cref="Hash256.Zero"/>. The shape is canonical (no branch with fewer than two
/// entries, no extension without a branch below it), so a root depends only on the key/value map, not
/// on the order or batching of the updates that produced it.
/// </summary>
/// <remarks>
/// Nodes are stored content-addressed under <c>"trie/" ‖ hash</c>, so every historic root stays readable
/// and provable. Nothing is deleted yet (no pruning). Pruning stays possible: <see cref="Apply"/> already
/// collects the stored nodes each block replaces (to drop them from the cache); a pruner can journal
/// those per block and delete them once older than a horizon. Identical subtrees share one stored node,
/// so such a pruner needs per-node reference counts (or must skip nodes a later block re-created).
/// All methods are thread-safe; reads may run while another thread applies a block.
/// </remarks>
public sealed partial class StateTrie
{
    /// <summary>Default number of decoded nodes kept in memory: the whole live trie of ~150k accounts (~100-150 MB).</summary>
    public const int DefaultCacheCapacity = 262_144;

    /// <summary>The store key prefix of trie nodes.</summary>
    public static ReadOnlySpan<byte> NodeKeyPrefix => "trie/"u8;

    private const int EncodeBufferSize = 640;

    private readonly IKeyValueStore _store;
    private readonly NodeCache _cache;

    public StateTrie(IKeyValueStore store, int cacheCapacity = DefaultCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheCapacity, 2);
        _store = store;
        _cache = new NodeCache(cacheCapacity);
    }

    /// <summary>The root of the trie that holds nothing.</summary>
    public static Hash256 EmptyRoot => Hash256.Zero;

    /// <summary>The store key of the node with <paramref name="hash"/>: <c>"trie/" ‖ hash</c>.</summary>
    public static byte[] NodeKey(Hash256 hash)
    {
        var key = new byte[NodeKeyPrefix.Length + Hash256.Size];
        NodeKeyPrefix.CopyTo(key);
        hash.CopyTo(key.AsSpan(NodeKeyPrefix.Length));
        return key;
    }

    /// <summary>Reads the value under <paramref name="key"/> in the trie with <paramref name="root"/>.</summary>
    /// <exception cref="MissingTrieNodeException">The root or a node below it is not stored.</exception>
    public bool TryGet(Hash256 root, ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] value)
    {
        value = Find(root, key, proof: null);
        if (value is null)
        {
            return false;
        }

        // A copy: the cached node is shared with other readers.
        value = value.ToArray();
        return true;
    }

    /// <summary>
    /// The nodes on <paramref name="key"/>'s path from <paramref name="root"/>: an inclusion proof when
    /// the key is present, a non-inclusion proof otherwise. Verify with <see cref="StateProofVerifier"/>.
    /// </summary>
    /// <exception cref="MissingTrieNodeException">The root or a node below it is not stored.</exception>
    public StateProof Prove(Hash256 root, ReadOnlySpan<byte> key)
    {
        var nodes = new List<byte[]>();
        Find(root, key, nodes);
        return new StateProof(nodes);
    }

    private byte[]? Find(Hash256 root, ReadOnlySpan<byte> key, List<byte[]>? proof)
    {
        if (root.IsZero)
        {
            return null;
        }

        var keyNibbles = key.Length * 2;
        var depth = 0;
        var hash = root;
        while (true)
        {
            var node = Load(hash);
            proof?.Add(Encode(node));
            switch (node.Kind)
            {
                case TrieNodeKind.Leaf:
                    var matches = node.Path.Length == keyNibbles - depth && Nibbles.CommonPrefix(node.Path, key, depth) == node.Path.Length;
                    return matches ? node.Value : null;
                case TrieNodeKind.Extension:
                    if (Nibbles.CommonPrefix(node.Path, key, depth) != node.Path.Length)
                    {
                        return null;
                    }

                    depth += node.Path.Length;
                    hash = node.Child.Hash;
                    break;
                default:
                    if (depth == keyNibbles)
                    {
                        return node.Value;
                    }

                    hash = node.Children![Nibbles.At(key, depth)].Hash;
                    depth++;
                    if (hash.IsZero)
                    {
                        return null;
                    }

                    break;
            }
        }
    }

    private TrieNode Load(Hash256 hash)
    {
        if (_cache.TryGet(hash, out var node))
        {
            return node;
        }

        if (!_store.TryGet(NodeKey(hash), out var encoding))
        {
            throw new MissingTrieNodeException(hash);
        }

        if (!TrieNodeCodec.TryDecode(encoding, out var decoded, out var error))
        {
            throw new InvalidDataException($"state trie node {hash} is corrupt: {error}");
        }

        node = TrieNode.FromDecoded(decoded!, hash);
        _cache.Add(hash, node);
        return node;
    }

    private TrieNode? Resolve(NodeRef reference)
    {
        if (reference.Node is not null)
        {
            return reference.Node;
        }

        return reference.Hash.IsZero ? null : Load(reference.Hash);
    }

    /// <summary>Encodes a node whose children are all committed.</summary>
    private static byte[] Encode(TrieNode node)
    {
        var writer = new ScaleWriter(stackalloc byte[EncodeBufferSize]);
        try
        {
            switch (node.Kind)
            {
                case TrieNodeKind.Leaf:
                    TrieNodeCodec.WriteLeaf(ref writer, node.Path, node.Value);
                    break;
                case TrieNodeKind.Extension:
                    TrieNodeCodec.WriteExtension(ref writer, node.Path, node.Child.CommittedHash);
                    break;
                default:
                    Span<Hash256> children = stackalloc Hash256[TrieNodeCodec.BranchWidth];
                    for (var i = 0; i < children.Length; i++)
                    {
                        children[i] = node.Children![i].CommittedHash;
                    }

                    TrieNodeCodec.WriteBranch(ref writer, children, node.Value, node.Value is not null);
                    break;
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Hashes and stores a new node and, first, its new descendants; each exactly once.</summary>
    private void Commit(TrieNode node, WriteBatch batch)
    {
        if (node.IsCommitted)
        {
            return;
        }

        if (node.Kind == TrieNodeKind.Extension)
        {
            node.Child = CommitChild(node.Child, batch);
        }
        else if (node.Children is { } children)
        {
            for (var i = 0; i < children.Length; i++)
            {
                children[i] = CommitChild(children[i], batch);
            }
        }

        var encoding = Encode(node);
        var hash = Blake2b.Hash256(encoding);
        batch.PutOwned(NodeKey(hash), encoding);
        node.MarkCommitted(hash);
        _cache.Add(hash, node);
    }

    private NodeRef CommitChild(NodeRef child, WriteBatch batch)
    {
        if (child.Node is null)
        {
            return child;
        }

        Commit(child.Node, batch);

        // Keep only the hash, so a cached node never holds its subtree in memory.
        return new NodeRef(child.Node.Hash, null);
    }
}
