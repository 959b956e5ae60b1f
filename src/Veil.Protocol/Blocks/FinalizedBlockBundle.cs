using Veil.Core.Scale;
using Veil.Protocol.Messaging;

namespace Veil.Protocol.Blocks;

/// <summary>
/// What a worker host relays into its enclave for one finalized block (DESIGN §1, §5): the header, its
/// finality proof and every queue message the block delivered, in block order. The host is untrusted, so
/// the enclave's light client checks all three against each other; this type only carries them.
/// SCALE layout, frozen by a golden test: header ‖ finality proof ‖ Vec&lt;QueueMessage&gt;. The last
/// part is byte for byte what the node stores per block (<c>veil_blockMessages</c>), so a host can
/// splice stored bytes without decoding them (<see cref="EncodeStored"/>). A batch is a
/// Vec&lt;FinalizedBlockBundle&gt;, as an enclave transition is costly and paid once per batch.
/// </summary>
public sealed record FinalizedBlockBundle(BlockHeader Header, FinalityProof Proof, IReadOnlyList<QueueMessage> Messages)
{
    /// <summary>At most one message per extrinsic, and a block holds at most <see cref="Block.MaxExtrinsics"/>.</summary>
    public const int MaxMessages = Block.MaxExtrinsics;

    /// <summary>Twice the default 16 MiB block: messages are bounded by the extrinsics that carried them plus their origins.</summary>
    public const int MaxEncodedLength = 32 * 1024 * 1024;

    public const int MaxBatchBundles = 1024;

    /// <summary>A host splits a catch-up into batches below this size (a few full blocks, or thousands of small ones).</summary>
    public const int MaxBatchEncodedLength = 64 * 1024 * 1024;

    // Shortest encodings: a header with a one-byte compact number, a proof without signatures, an
    // empty message list; a message from the Gatekeeper origin with empty topic and payload.
    private const int MinEncodedLength = (32 + 1 + (3 * 32) + 8 + 32) + (32 + 4 + 1) + 1;
    private const int MinMessageLength = 1 + 1 + 1;

    private static readonly FinalizedBlockBundle Empty = new(
        new BlockHeader(default, 0, default, default, default, 0, default), new FinalityProof(default, 0, []), []);

    public void Encode(ref ScaleWriter writer)
    {
        Header.Encode(ref writer);
        Proof.Encode(ref writer);
        writer.WriteLength(Messages.Count);
        foreach (var message in Messages)
        {
            message.Encode(ref writer);
        }
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(EstimateLength());
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

    /// <summary>
    /// A bundle from the node's stored parts without decoding the messages: <paramref name="encodedMessages"/>
    /// is the block's stored Vec&lt;QueueMessage&gt;. Nothing is checked here; the enclave checks everything.
    /// </summary>
    public static byte[] EncodeStored(BlockHeader header, FinalityProof proof, ReadOnlySpan<byte> encodedMessages)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(proof);
        var writer = new ScaleWriter(BlockHeader.MaxEncodedLength + 40 + (proof.Signatures.Count * 96) + encodedMessages.Length);
        try
        {
            header.Encode(ref writer);
            proof.Encode(ref writer);
            writer.WriteRaw(encodedMessages);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>A bundle from the node's stored parts, decoding the stored Vec&lt;QueueMessage&gt;. Never throws on bad bytes.</summary>
    public static bool TryFromStored(BlockHeader header, FinalityProof proof, ReadOnlySpan<byte> encodedMessages, out FinalizedBlockBundle bundle, out string error)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(proof);
        var reader = new ScaleReader(encodedMessages);
        var messages = DecodeMessages(ref reader);
        bundle = new FinalizedBlockBundle(header, proof, messages);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"stored messages of block #{header.Number}: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Decodes a block's stored queue messages (<c>veil_blockMessages</c>) alone; never throws.</summary>
    public static bool TryDecodeStoredMessages(ReadOnlySpan<byte> encodedMessages, out IReadOnlyList<QueueMessage> messages, out string error)
    {
        var reader = new ScaleReader(encodedMessages);
        messages = DecodeMessages(ref reader);
        return reader.TryFinish(out error);
    }

    /// <summary>Decodes one bundle; check <see cref="ScaleReader.Failed"/> or finish the reader afterwards.</summary>
    public static FinalizedBlockBundle Decode(ref ScaleReader reader)
    {
        var header = BlockHeader.Decode(ref reader);

        // FinalityProof's layout (frozen by its own golden test), read in place: it offers only a
        // whole-span decoder, and a bundle must not be copied to find where the proof ends.
        var hash = reader.ReadHash();
        var number = reader.ReadU32();
        var count = reader.ReadLength(FinalityProof.MaxSignatures, minItemSize: 96);
        var signatures = new List<AuthoritySignature>(count);
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            var authority = reader.ReadAccount();
            var signature = reader.ReadRaw(64);
            if (!reader.Failed) signatures.Add(new AuthoritySignature(authority, signature.ToArray()));
        }

        var messages = DecodeMessages(ref reader);
        return new FinalizedBlockBundle(header, new FinalityProof(hash, number, signatures), messages);
    }

    /// <summary>Decodes one bundle from untrusted bytes: bounded, never throws, rejects trailing bytes.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out FinalizedBlockBundle bundle, out string error)
    {
        if (bytes.Length > MaxEncodedLength)
        {
            bundle = Empty;
            error = $"bundle of {bytes.Length} bytes exceeds the limit of {MaxEncodedLength}";
            return false;
        }

        var reader = new ScaleReader(bytes);
        bundle = Decode(ref reader);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"undecodable block bundle: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    public static byte[] EncodeBatch(IReadOnlyList<FinalizedBlockBundle> bundles)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        long size = 5;
        foreach (var bundle in bundles) size += bundle.EstimateLength();
        var writer = new ScaleWriter((int)Math.Min(size, MaxBatchEncodedLength));
        try
        {
            writer.WriteLength(bundles.Count);
            foreach (var bundle in bundles) bundle.Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Decodes a Vec&lt;FinalizedBlockBundle&gt; from untrusted bytes: at most <see cref="MaxBatchBundles"/>
    /// bundles of at most <see cref="MaxEncodedLength"/> bytes each, never throws, rejects trailing bytes.
    /// </summary>
    public static bool TryDecodeBatch(ReadOnlySpan<byte> bytes, out IReadOnlyList<FinalizedBlockBundle> bundles, out string error)
    {
        bundles = [];
        if (bytes.Length > MaxBatchEncodedLength)
        {
            error = $"batch of {bytes.Length} bytes exceeds the limit of {MaxBatchEncodedLength}";
            return false;
        }

        var reader = new ScaleReader(bytes);
        var count = reader.ReadLength(MaxBatchBundles, MinEncodedLength);
        var list = new List<FinalizedBlockBundle>(count);
        var at = -1;
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            at = i;
            var start = reader.Position;
            var bundle = Decode(ref reader);
            if (!reader.Failed && reader.Position - start > MaxEncodedLength)
            {
                reader.Fail($"bundle of {reader.Position - start} bytes exceeds the limit of {MaxEncodedLength}");
            }

            list.Add(bundle);
        }

        if (!reader.TryFinish(out var decodeError))
        {
            error = reader.Failed && at >= 0
                ? $"undecodable bundle batch: bundle {at} of {count}: {decodeError}"
                : $"undecodable bundle batch: {decodeError}";
            return false;
        }

        bundles = list;
        error = string.Empty;
        return true;
    }

    private static List<QueueMessage> DecodeMessages(ref ScaleReader reader)
    {
        var count = reader.ReadLength(MaxMessages, MinMessageLength);
        var messages = new List<QueueMessage>(count);
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            var message = QueueMessage.Decode(ref reader);
            if (!reader.Failed) messages.Add(message);
        }

        return messages;
    }

    // Only a first guess (the writer grows): capped so that a huge caller-built bundle cannot overflow it.
    private int EstimateLength()
    {
        long size = BlockHeader.MaxEncodedLength + 40 + (Proof.Signatures.Count * 96L) + 5;
        foreach (var message in Messages) size += message.Topic.Length + message.Payload.Length + 80L;
        return (int)Math.Min(size, MaxEncodedLength);
    }
}
