using System.Buffers.Binary;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Calls;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using Veil.Protocol.Storage;

namespace Veil.Chain.Runtime.Modules;

/// <summary>
/// MessageQueue (DESIGN §4): accounts push messages; off-chain senders' signed messages are relayed by
/// anyone. A relayed message is accepted only with the sender's registered key and exactly the next
/// sequence number: an already-seen sequence is skipped (relaying is idempotent, so every worker of a
/// cluster may relay the same output), a gap is an error. Accepted messages are delivered in this block.
/// </summary>
public sealed class MessageQueueModule : IRuntimeModule
{
    private const byte TopicTooLong = 1;
    private const byte PayloadTooLong = 2;
    private const byte ReservedTopic = 3;
    private const byte SequenceGap = 4;
    private const byte BadSignature = 5;
    private const byte UnknownSender = 6;
    private const byte UnknownContract = 7;
    private const byte MalformedCommand = 8;

    public const byte EventQueued = 0;
    public const byte EventSkipped = 1;
    public const byte EventOnChainFailed = 2;

    private readonly IReadOnlyList<IOnChainTopicHandler> _handlers;

    public MessageQueueModule(IReadOnlyList<IOnChainTopicHandler> handlers) => _handlers = handlers;

    public byte Index => ModuleIndex.MessageQueue;

    public string Name => "MessageQueue";

    public bool IsKnownCall(byte call) => call is MessageQueueCall.Push or MessageQueueCall.Relay;

    public DispatchError? Dispatch(in DispatchContext context, byte call, ref ScaleReader args)
    {
        if (call == MessageQueueCall.Push)
        {
            var topic = args.ReadBytes(QueueMessage.MaxTopicLength).ToArray();
            var payload = args.ReadBytes(QueueMessage.MaxPayloadLength).ToArray();
            if (!args.TryFinish(out var error)) return DispatchError.Undecodable(Index, error);
            if (topic.Length > 0 && topic[0] == (byte)'^')
            {
                return new DispatchError(Index, ReservedTopic, "topics starting with '^' are reserved for runtime modules");
            }

            if (ContractTopics.TryParseCommand(topic, out var contractId) && CheckCommand(context, contractId, payload) is { } refused)
            {
                return refused;
            }

            Deliver(context, new QueueMessage(Origin.Account(context.Signer), topic, payload), 0);
            return null;
        }

        var message = QueueMessage.Decode(ref args);
        var sequence = args.ReadU64();
        var signature = args.ReadRaw(64).ToArray();
        if (!args.TryFinish(out var decodeError)) return DispatchError.Undecodable(Index, decodeError);
        return Relay(context, new SignedMessage(message, sequence, signature));
    }

    /// <summary>
    /// What the chain can check of an encrypted command without its key: the contract exists, has keys,
    /// and the payload is a well-formed envelope for the contract's current key epoch. A command failing
    /// this would only be refused by every worker later; failing here tells the sender now, in the
    /// transaction's outcome, and keeps the message out of the queue. Decryption stays the enclave's job.
    /// </summary>
    private DispatchError? CheckCommand(in DispatchContext context, Hash256 contractId, byte[] payload)
    {
        var contract = ContractsModule.Get(context.State, contractId);
        if (contract is null)
        {
            return new DispatchError(Index, UnknownContract, $"no contract {contractId}: a command to it would reach no worker");
        }

        if (!contract.HasKeys)
        {
            return new DispatchError(Index, UnknownContract, $"contract {contractId} has no published keys yet, so no command can be sealed to it");
        }

        if (!CommandEnvelope.TryDecode(payload, out var envelope, out var error))
        {
            return new DispatchError(Index, MalformedCommand, $"the command to contract {contractId} is not an encrypted envelope: {error}");
        }

        if (envelope.Version != CommandEnvelope.CurrentVersion || envelope.Epoch != contract.Epoch)
        {
            return new DispatchError(Index, MalformedCommand, $"the command to contract {contractId} is sealed as version {envelope.Version} for key epoch {envelope.Epoch}; the contract takes version {CommandEnvelope.CurrentVersion}, epoch {contract.Epoch}");
        }

        var paddedLength = envelope.Ciphertext.Length - Veil.Crypto.Aes256Gcm.TagSize;
        if (paddedLength <= 0 || !PlaintextPadding.IsPaddedLength(paddedLength))
        {
            return new DispatchError(Index, MalformedCommand, $"the command to contract {contractId} has a {envelope.Ciphertext.Length}-byte ciphertext, which is not a padded command plus tag");
        }

        return null;
    }

    private DispatchError? Relay(in DispatchContext context, SignedMessage signed)
    {
        var origin = signed.Message.Sender;
        var originWriter = new ScaleWriter(80);
        origin.Encode(ref originWriter);
        var sequenceKey = StorageKey.MessageQueueSequence(originWriter.WrittenSpan);
        originWriter.Dispose();

        var expected = context.State.TryGet(sequenceKey, out var stored) && stored.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(stored) : 0UL;
        if (signed.Sequence < expected)
        {
            EmitSkipped(context, signed.Sequence);
            return null;
        }

        if (signed.Sequence > expected)
        {
            return new DispatchError(Index, SequenceGap, $"sequence gap from {origin}: expected {expected}, got {signed.Sequence}");
        }

        Span<byte> key = stackalloc byte[32];
        switch (origin.Kind)
        {
            case OriginKind.Worker:
                if (!context.State.TryGet(StorageKey.RegistryWorker(origin.Id), out var workerBytes) || !WorkerInfo.TryDecode(workerBytes, out _, out _))
                {
                    return new DispatchError(Index, UnknownSender, $"{origin} is not a registered worker");
                }

                origin.Id.CopyTo(key);
                break;
            case OriginKind.Contract:
                var contract = ContractsModule.Get(context.State, origin.Id);
                if (contract is null || !contract.HasKeys)
                {
                    return new DispatchError(Index, UnknownSender, $"{origin} has no published signing key");
                }

                contract.SigningKey.CopyTo(key);
                break;
            default:
                return new DispatchError(Index, UnknownSender, $"messages from {origin.Kind} origins cannot be relayed yet");
        }

        if (!signed.Verify(context.Block.GenesisHash, key))
        {
            return new DispatchError(Index, BadSignature, $"signature of the message from {origin} (sequence {signed.Sequence}) does not verify");
        }

        var next = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(next, expected + 1);
        context.State.Set(sequenceKey, next);
        var topic = signed.Message.Topic;
        if (topic.Length > 0 && topic[0] == (byte)'^')
        {
            HandleOnChain(context, signed.Message);
            return null;
        }

        Deliver(context, signed.Message, signed.Sequence);
        return null;
    }

    /// <summary>
    /// A '^' topic stays on chain: its module applies it. A failure is reported by an event, never by
    /// failing the relay, so the sender's sequence advances and one bad message cannot stall its queue.
    /// </summary>
    private void HandleOnChain(in DispatchContext context, QueueMessage message)
    {
        var topic = message.TopicText;
        DispatchError? failure = new DispatchError(Index, UnknownSender, $"no module handles topic '{topic}'");
        foreach (var handler in _handlers)
        {
            if (!handler.Handles(topic)) continue;
            var checkpoint = context.State.Checkpoint();
            var events = context.Block.Events.Mark();
            var messages = context.Block.Messages.Mark();
            failure = handler.HandleMessage(context, message);
            if (failure is not null)
            {
                context.State.RollbackTo(checkpoint);
                context.Block.Events.RollbackTo(events);
                context.Block.Messages.RollbackTo(messages);
            }

            break;
        }

        if (failure is { } error)
        {
            var w = EventLog.Begin(context.ExtrinsicIndex, Index, EventOnChainFailed);
            message.Sender.Encode(ref w);
            w.WriteString(error.Message);
            context.Block.Events.End(ref w);
        }
    }

    private void Deliver(in DispatchContext context, QueueMessage message, ulong sequence)
    {
        context.Block.Messages.Add(message);
        var w = EventLog.Begin(context.ExtrinsicIndex, Index, EventQueued);
        message.Sender.Encode(ref w);
        w.WriteHash(Veil.Core.Hashing.Blake2b.Hash256(message.Topic));
        w.WriteU64(sequence);
        w.WriteU32((uint)(context.Block.Messages.Messages.Count - 1));
        context.Block.Events.End(ref w);
    }

    private void EmitSkipped(in DispatchContext context, ulong sequence)
    {
        var w = EventLog.Begin(context.ExtrinsicIndex, Index, EventSkipped);
        w.WriteU64(sequence);
        context.Block.Events.End(ref w);
    }
}
