using Veil.Core.Scale;
using Veil.Enclave.Execution;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Boundary;

/// <summary>
/// The outcome of one ProcessBlocks call: how many of the offered blocks were accepted (they stay
/// accepted even when a later one is refused), why the first refused one was refused, the signed
/// messages to relay in order, and the refusals recorded while processing.
/// </summary>
public sealed record BlocksProcessed(int Accepted, int Offered, string Error, IReadOnlyList<SignedMessage> Egress, IReadOnlyList<Refusal> Refusals)
{
    public const int MaxEgress = 1 << 20;

    public const int MaxRefusals = 1 << 20;

    public bool IsComplete => Accepted == Offered && Error.Length == 0;

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteU32((uint)Accepted);
        writer.WriteU32((uint)Offered);
        writer.WriteString(Error);
        writer.WriteLength(Egress.Count);
        foreach (var message in Egress)
        {
            writer.WriteBytes(message.Encode());
        }

        writer.WriteLength(Refusals.Count);
        foreach (var refusal in Refusals)
        {
            writer.WriteU32(refusal.BlockNumber);
            writer.WriteU32((uint)refusal.Index);
            writer.WriteString(refusal.Reason);
        }
    }

    /// <summary>Decodes the body; a bad signed message fails <paramref name="reader"/>.</summary>
    public static BlocksProcessed Decode(ref ScaleReader reader)
    {
        var accepted = (int)Math.Min(reader.ReadU32(), int.MaxValue);
        var offered = (int)Math.Min(reader.ReadU32(), int.MaxValue);
        var error = reader.ReadString();
        var egressCount = reader.ReadLength(MaxEgress);
        var egress = new List<SignedMessage>();
        for (var i = 0; i < egressCount && !reader.Failed; i++)
        {
            var bytes = reader.ReadBytes();
            if (reader.Failed)
            {
                break;
            }

            if (!SignedMessage.TryDecode(bytes, out var message, out var messageError))
            {
                reader.Fail($"egress message {i}: {messageError}");
                break;
            }

            egress.Add(message);
        }

        var refusalCount = reader.ReadLength(MaxRefusals, minItemSize: 9);
        var refusals = new List<Refusal>();
        for (var i = 0; i < refusalCount && !reader.Failed; i++)
        {
            var block = reader.ReadU32();
            var index = (int)Math.Min(reader.ReadU32(), int.MaxValue);
            refusals.Add(new Refusal(block, index, reader.ReadString()));
        }

        return new BlocksProcessed(accepted, offered, error, egress, refusals);
    }
}
