using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;

namespace Veil.Protocol.Messaging;

/// <summary>
/// A message in the chain's queue (DESIGN §4): sender, topic (which names its reader, e.g.
/// <c>veil/contract/&lt;id&gt;/command</c>; a topic starting with <c>^</c> stays on chain) and payload.
/// </summary>
public sealed record QueueMessage(Origin Sender, byte[] Topic, byte[] Payload)
{
    public const int MaxTopicLength = 256;
    public const int MaxPayloadLength = 256 * 1024;

    public void Encode(ref ScaleWriter writer)
    {
        Sender.Encode(ref writer);
        writer.WriteBytes(Topic);
        writer.WriteBytes(Payload);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Topic.Length + Payload.Length + 48);
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

    /// <summary>The leaf hash committed in a block's messages root.</summary>
    public Hash256 Hash() => Blake2b.Hash256(Encode());

    public static QueueMessage Decode(ref ScaleReader reader)
    {
        var sender = Origin.Decode(ref reader);
        var topic = reader.ReadBytes(MaxTopicLength).ToArray();
        var payload = reader.ReadBytes(MaxPayloadLength).ToArray();
        return new QueueMessage(sender, topic, payload);
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out QueueMessage message, out string error)
    {
        var reader = new ScaleReader(bytes);
        message = Decode(ref reader);
        return reader.TryFinish(out error);
    }

    public string TopicText => System.Text.Encoding.UTF8.GetString(Topic);
}
