using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Messaging;

/// <summary>
/// A queue message from an off-chain sender (worker, contract, gatekeeper), relayed by anyone. The chain
/// checks the signature against the sender's registered key and that <see cref="Sequence"/> is exactly
/// the next expected one for that sender: no replay, no gap. The signature covers
/// <c>"veil/mq" ‖ genesis hash ‖ SCALE(message) ‖ sequence</c>, so it is bound to one chain.
/// </summary>
public sealed record SignedMessage(QueueMessage Message, ulong Sequence, byte[] Signature)
{
    private static readonly byte[] Domain = "veil/mq"u8.ToArray();

    public static byte[] SigningPayload(Hash256 genesisHash, QueueMessage message, ulong sequence)
    {
        var writer = new ScaleWriter(message.Topic.Length + message.Payload.Length + 96);
        try
        {
            writer.WriteRaw(Domain);
            writer.WriteHash(genesisHash);
            message.Encode(ref writer);
            writer.WriteU64(sequence);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public bool Verify(Hash256 genesisHash, ReadOnlySpan<byte> publicKey)
        => Signature.Length == 64 && Veil.Crypto.Ed25519.Verify(publicKey, SigningPayload(genesisHash, Message, Sequence), Signature);

    public void Encode(ref ScaleWriter writer)
    {
        Message.Encode(ref writer);
        writer.WriteU64(Sequence);
        writer.WriteRaw(Signature);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Message.Topic.Length + Message.Payload.Length + 128);
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

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out SignedMessage message, out string error)
    {
        var reader = new ScaleReader(bytes);
        var inner = QueueMessage.Decode(ref reader);
        var sequence = reader.ReadU64();
        var signature = reader.ReadRaw(64).ToArray();
        message = new SignedMessage(inner, sequence, signature);
        return reader.TryFinish(out error);
    }
}
