using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Proofs;

namespace Veil.Protocol.Tests.Proofs;

/// <summary>Hand-built node encodings for the proof tests.</summary>
internal static class ProofNodes
{
    public static byte[] Leaf(byte[] nibbles, byte[] value) => Write((ref ScaleWriter w) => TrieNodeCodec.WriteLeaf(ref w, nibbles, value));

    public static byte[] Extension(byte[] nibbles, Hash256 child) => Write((ref ScaleWriter w) => TrieNodeCodec.WriteExtension(ref w, nibbles, child));

    public static byte[] Branch(Hash256[] children, byte[]? value)
        => Write((ref ScaleWriter w) => TrieNodeCodec.WriteBranch(ref w, children, value, value is not null));

    private static byte[] Write(WriteNode write)
    {
        var writer = new ScaleWriter(64);
        try
        {
            write(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private delegate void WriteNode(ref ScaleWriter writer);
}
