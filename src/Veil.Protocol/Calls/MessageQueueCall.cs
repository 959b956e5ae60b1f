using Veil.Core.Scale;
using Veil.Protocol.Messaging;

namespace Veil.Protocol.Calls;

/// <summary>Calls of the MessageQueue module.</summary>
public static class MessageQueueCall
{
    /// <summary>push(topic, payload): queue a message from the signing account (e.g. an encrypted contract command).</summary>
    public const byte Push = 0;

    /// <summary>relay(SignedMessage): deliver an off-chain sender's signed message; anyone may relay, idempotently.</summary>
    public const byte Relay = 1;

    public static byte[] CreatePush(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        var writer = new ScaleWriter(topic.Length + payload.Length + 16);
        try
        {
            writer.WriteU8(ModuleIndex.MessageQueue);
            writer.WriteU8(Push);
            writer.WriteBytes(topic);
            writer.WriteBytes(payload);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static byte[] CreateRelay(SignedMessage message)
    {
        var writer = new ScaleWriter(message.Message.Payload.Length + 256);
        try
        {
            writer.WriteU8(ModuleIndex.MessageQueue);
            writer.WriteU8(Relay);
            message.Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
