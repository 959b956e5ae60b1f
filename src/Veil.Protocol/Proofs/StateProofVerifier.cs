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

        if (key.Length > TrieNodeCodec.MaxKeyLength)
        {
            error = $"key of {key.Length} bytes exceeds {TrieNodeCodec.MaxKeyLength}";
            return false;
        }

        // The empty trie's root is Hash256.Zero (no node hashes to it); its proof of absence is empty.
        if (root.IsZero)
        {
            error = nodes.Count == 0 ? string.Empty : "the empty trie's proof must have no nodes";
            return nodes.Count == 0;
        }

        var keyNibbles = key.Length * 2;
        var depth = 0;
        var expected = root;
        for (var index = 0; index < nodes.Count; index++)
        {
            var encoding = nodes[index];
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
                if (index != nodes.Count - 1)
                {
                    value = null;
                    error = $"{nodes.Count - index - 1} proof node(s) after the end of the key's path";
                    return false;
                }

                error = string.Empty;
                return true;
            }
        }

        error = $"proof ends after {nodes.Count} node(s), before the key's path does";
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
