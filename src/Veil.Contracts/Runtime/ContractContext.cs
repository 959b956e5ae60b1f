using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Contracts.Runtime;

/// <summary>
/// What a command may see and do: the block it is delivered in, the contract's id, gas-metered state
/// access, outgoing queue messages and a private receipt for the sender. Deliberately no clock and no
/// randomness: every worker of the cluster must reach the same state from the same commands.
/// Every <c>Try…</c> method returns false only when gas ran out; the contract should then return
/// <see cref="ContractResult.OutOfGas"/> (the runtime enforces it anyway).
/// </summary>
public sealed class ContractContext
{
    private readonly ContractState _state;
    private readonly List<QueueMessage> _messages = [];

    internal ContractContext(Hash256 contractId, ulong blockNumber, ContractState state, GasMeter gas)
    {
        ContractId = contractId;
        BlockNumber = blockNumber;
        _state = state;
        Gas = gas;
    }

    public Hash256 ContractId { get; }

    /// <summary>The finalized block whose queue delivered this command.</summary>
    public ulong BlockNumber { get; }

    public GasMeter Gas { get; }

    /// <summary>Messages emitted so far, in order; sent only if the command succeeds.</summary>
    public IReadOnlyList<QueueMessage> Messages => _messages;

    /// <summary>The private result for the sender (encrypted back to it); empty unless set.</summary>
    public byte[] Receipt { get; private set; } = [];

    /// <summary>Reads a key; false when it is absent or gas ran out (check <see cref="GasMeter.IsExhausted"/>).</summary>
    public bool TryRead(byte[] key, out ReadOnlySpan<byte> value)
        => _state.TryReadMetered(key, Gas, out value);

    public bool TryWrite(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (!Gas.TryCharge(GasCost.StateWrite(key.Length, value.Length)))
        {
            return false;
        }

        _state.Set(key, value);
        return true;
    }

    public bool TryRemove(ReadOnlySpan<byte> key)
    {
        if (!Gas.TryCharge(GasCost.StateRemove(key.Length)))
        {
            return false;
        }

        _state.Remove(key);
        return true;
    }

    /// <summary>
    /// Queues a message from <c>Origin.Contract(ContractId)</c>; the worker signs and relays it after the
    /// command succeeds. A topic starting with <c>^</c> is read by the chain itself (DESIGN §4).
    /// </summary>
    public bool TryEmit(string topic, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var topicBytes = System.Text.Encoding.UTF8.GetBytes(topic);
        if (topicBytes.Length > QueueMessage.MaxTopicLength)
        {
            throw new ArgumentException($"A topic is at most {QueueMessage.MaxTopicLength} bytes.", nameof(topic));
        }

        if (payload.Length > QueueMessage.MaxPayloadLength)
        {
            throw new ArgumentException($"A queue message payload is at most {QueueMessage.MaxPayloadLength} bytes.", nameof(payload));
        }

        if (!Gas.TryCharge(GasCost.Emit(topicBytes.Length, payload.Length)))
        {
            return false;
        }

        _messages.Add(new QueueMessage(Origin.Contract(ContractId), topicBytes, payload.ToArray()));
        return true;
    }

    /// <summary>Sets the private receipt; the last call wins.</summary>
    public bool TrySetReceipt(ReadOnlySpan<byte> receipt)
    {
        if (!Gas.TryCharge(GasCost.Receipt(receipt.Length)))
        {
            return false;
        }

        Receipt = receipt.ToArray();
        return true;
    }
}
