using Veil.Core.Scale;

namespace Veil.Protocol.Proofs;

/// <summary>
/// A Merkle proof that a state-trie root holds a value under a key, or holds nothing there: the encodings
/// of the nodes on the key's path, root first. SCALE: <c>Vec&lt;Vec&lt;u8&gt;&gt;</c>.
/// Check it with <see cref="StateProofVerifier"/>.
/// </summary>
public sealed class StateProof
{
    /// <summary>A path is at most one node per key nibble plus the root: far below this.</summary>
    public const int MaxNodes = 4 * TrieNodeCodec.MaxKeyLength;

    /// <summary>The largest single node accepted when decoding (a leaf holding e.g. contract code).</summary>
    public const int MaxNodeSize = 16 << 20;

    public StateProof(IReadOnlyList<byte[]> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Nodes = nodes;
    }

    /// <summary>Node encodings from the root down.</summary>
    public IReadOnlyList<byte[]> Nodes { get; }

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteLength(Nodes.Count);
        foreach (var node in Nodes)
        {
            writer.WriteBytes(node);
        }
    }

    public byte[] Encode()
    {
        var size = 5;
        foreach (var node in Nodes)
        {
            size += node.Length + 5;
        }

        var writer = new ScaleWriter(size);
        try
        {
            Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Reads a proof from untrusted bytes; counts and sizes are bounded, nothing may trail.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out StateProof? proof, out string error)
    {
        proof = null;
        var reader = new ScaleReader(bytes);
        var count = reader.ReadLength(MaxNodes);
        var nodes = new byte[count][];
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            nodes[i] = reader.ReadBytes(MaxNodeSize).ToArray();
        }

        if (!reader.TryFinish(out error))
        {
            error = "state proof: " + error;
            return false;
        }

        proof = new StateProof(nodes);
        return true;
    }
}
