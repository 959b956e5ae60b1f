using Veil.Core.Scale;
using Veil.Protocol.Messaging;

namespace Veil.Contracts.Runtime;

/// <summary>
/// What running one command produced. On success: the private receipt and the outgoing messages to
/// sign and relay. On failure: the error only — the state is as before the command and no message
/// leaves. <see cref="EncodeReceipt"/> is the plaintext the worker encrypts back to the sender.
/// </summary>
public sealed class ContractOutcome
{
    private ContractOutcome(ContractError? error, byte[] receipt, IReadOnlyList<QueueMessage> messages, ulong gasUsed)
    {
        Error = error;
        Receipt = receipt;
        Messages = messages;
        GasUsed = gasUsed;
    }

    public bool IsSuccess => Error is null;

    public ContractError? Error { get; }

    public byte[] Receipt { get; }

    public IReadOnlyList<QueueMessage> Messages { get; }

    public ulong GasUsed { get; }

    public static ContractOutcome Succeeded(byte[] receipt, IReadOnlyList<QueueMessage> messages, ulong gasUsed)
        => new(null, receipt, messages, gasUsed);

    public static ContractOutcome Failed(ContractError error, ulong gasUsed) => new(error, [], [], gasUsed);

    /// <summary>SCALE <c>Result&lt;Vec&lt;u8&gt;, ContractError&gt;</c>: <c>0x00 ‖ receipt</c> or <c>0x01 ‖ error</c>.</summary>
    public byte[] EncodeReceipt()
    {
        var writer = new ScaleWriter(Receipt.Length + 64);
        try
        {
            writer.WriteResultTag(IsSuccess);
            if (Error is { } error)
            {
                error.Encode(ref writer);
            }
            else
            {
                writer.WriteBytes(Receipt);
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public override string ToString() => IsSuccess ? $"ok ({GasUsed} gas)" : $"{Error} ({GasUsed} gas)";
}
