using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Chain.Runtime;

/// <summary>
/// The queue messages delivered in one block, in order. Their hashes form the header's messages root,
/// which is what an enclave's light client checks the delivered list against.
/// </summary>
public sealed class MessageLog
{
    private readonly List<QueueMessage> _messages = [];

    public IReadOnlyList<QueueMessage> Messages => _messages;

    public int Mark() => _messages.Count;

    public void RollbackTo(int mark) => _messages.RemoveRange(mark, _messages.Count - mark);

    public void Add(QueueMessage message) => _messages.Add(message);

    public List<Hash256> Hashes()
    {
        var hashes = new List<Hash256>(_messages.Count);
        foreach (var message in _messages) hashes.Add(message.Hash());
        return hashes;
    }
}
