using Veil.Core;
using Veil.Core.Hashing;

namespace Veil.Protocol.Proofs;

/// <summary>
/// Checks a <see cref="StateProof"/> against a trusted state root without any database, so the enclave
/// light client can read chain state a relayer hands it. The proof must be exactly the path the key
/// takes from the root: each node must hash to the reference its parent holds, and no node may be left
/// over, so one key has one valid proof per root.
/// </summary>
public static class StateProofVerifier
{
    /// <summary>
    /// True when <paramref name="nodes"/> proves what <paramref name="root"/> holds under
    /// <paramref name="key"/>: <paramref name="value"/> is that value, or null when the key is proven
    /// absent. False with a reason for any malformed or forged proof; never throws.
    /// </summary>
    public static bool TryVerify(Hash256 root, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> nodes, out byte[]? value, out string error)
    {
        value = null;
        if (nodes is null)
        {
            error = "no proof";
            return false;
        }

        return Walk(root, key, nodes, null, out value, out error);
    }

    /// <summary>
    /// Like <see cref="TryVerify(Hash256, ReadOnlySpan{byte}, IReadOnlyList{byte[]}, out byte[], out string)"/>
    /// over an unordered set of nodes that may serve several keys (Substrate's state_getReadProof shape):
    /// nodes are found by hash, and nodes off this key's path are ignored.
    /// </summary>
    public static bool TryVerifyFromSet(Hash256 root, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> nodeSet, out byte[]? value, out string error)
    {
        value = null;
        if (nodeSet is null || nodeSet.Count > StateProof.MaxNodes)
        {
            error = nodeSet is null ? "no proof" : $"proof has more than {StateProof.MaxNodes} nodes";
            return false;
        }

        var byHash = new Dictionary<Hash256, byte[]>(nodeSet.Count);
        foreach (var node in nodeSet)
        {
            if (node is not null) byHash.TryAdd(Blake2b.Hash256(node), node);
        }

        return Walk(root, key, null, byHash, out value, out error);
    }

    private static bool Walk(Hash256 root, ReadOnlySpan<byte> key, IReadOnlyList<byte[]>? nodes, Dictionary<Hash256, byte[]>? byHash, out byte[]? value, out string error)
    {
        value = null;

        if (key.Length > TrieNodeCodec.MaxKeyLength)
        {
            error = $"key of {key.Length} bytes exceeds {TrieNodeCodec.MaxKeyLength}";
            return false;
        }

        // The empty trie's root is Hash256.Zero (no node hashes to it); its proof of absence is empty.
        if (root.IsZero)
        {
            var empty = nodes is null || nodes.Count == 0;
            error = empty ? string.Empty : "the empty trie's proof must have no nodes";
            return empty;
        }

        var keyNibbles = key.Length * 2;
        var depth = 0;
        var expected = root;
        var limit = nodes?.Count ?? ((TrieNodeCodec.MaxKeyLength * 2) + 2);
        for (var index = 0; index < limit; index++)
        {
            byte[]? encoding;
            if (nodes is not null)
            {
                encoding = nodes[index];
            }
            else if (!byHash!.TryGetValue(expected, out encoding))
            {
                error = $"proof lacks node {expected} on the key's path";
                return false;
            }

            if (encoding is null || Blake2b.Hash256(encoding) != expected)
            {
                error = $"proof node {index} does not hash to {expected}";
                return false;
            }

            if (!TrieNodeCodec.TryDecode(encoding, out var node, out var decodeError))
            {
                error = $"proof node {index}: {decodeError}";
                return false;
            }

            var done = true;
            switch (node!.Kind)
            {
                case TrieNodeKind.Leaf:
                    if (node.Path.Length == keyNibbles - depth && Nibbles.CommonPrefix(node.Path, key, depth) == node.Path.Length)
                    {
                        value = node.Value;
                    }

                    break;
                case TrieNodeKind.Extension:
                    if (Nibbles.CommonPrefix(node.Path, key, depth) == node.Path.Length)
                    {
                        depth += node.Path.Length;
                        expected = node.Child;
                        done = false;
                    }

                    break;
                default:
                    if (depth == keyNibbles)
                    {
                        value = node.Value;
                    }
                    else
                    {
                        expected = node.Children![Nibbles.At(key, depth)];
                        depth++;
                        done = expected.IsZero;
                    }

                    break;
            }

            if (done)
            {
                if (nodes is not null && index != nodes.Count - 1)
                {
                    value = null;
                    error = $"{nodes.Count - index - 1} proof node(s) after the end of the key's path";
                    return false;
                }

                error = string.Empty;
                return true;
            }
        }

        error = $"proof ends after {limit} node(s), before the key's path does";
        return false;
    }

    /// <inheritdoc cref="TryVerify(Hash256, ReadOnlySpan{byte}, IReadOnlyList{byte[]}, out byte[], out string)"/>
    public static bool TryVerify(Hash256 root, ReadOnlySpan<byte> key, StateProof proof, out byte[]? value, out string error)
    {
        if (proof is null)
        {
            value = null;
            error = "no proof";
            return false;
        }

        return TryVerify(root, key, proof.Nodes, out value, out error);
    }
}
