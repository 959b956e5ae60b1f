using System.Diagnostics.CodeAnalysis;
using Veil.Core;
using Veil.Enclave.LightClient;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Execution;

/// <summary>
/// Where executing messages leaves its traces: signed egress, refusals and private receipts. The runtime
/// has one; each contract executing in parallel gets its own (<c>forMerge</c>), which records every trace
/// with the position of the message that caused it, so <see cref="Merge"/> can replay them into the
/// runtime's sink in exactly the order sequential execution would have produced. Receipts are bounded
/// (oldest dropped first): they serve recent lookups, and keeping every receipt would grow without
/// limit. Not thread-safe.
/// </summary>
internal sealed class ExecutionSink
{
    /// <summary>Receipts kept; about 100 bytes each plus the contract's receipt bytes.</summary>
    public const int MaxReceipts = 65_536;

    private readonly Dictionary<(Hash256 Contract, uint Block, int Index), PrivateReceipt> _receipts = [];
    private readonly Queue<(Hash256 Contract, uint Block, int Index)> _receiptOrder = new();
    private readonly List<Trace>? _traces;

    /// <param name="forMerge">True for a parallel contract's sink: traces are recorded for <see cref="Merge"/>.</param>
    public ExecutionSink(bool forMerge = false) => _traces = forMerge ? [] : null;

    public List<SignedMessage> Egress { get; } = [];

    public List<Refusal> Refusals { get; } = [];

    /// <summary>The block position of the message being executed (set by the parallel runner).</summary>
    public int CurrentIndex { get; set; }

    public void AddEgress(SignedMessage message)
    {
        if (_traces is not null) _traces.Add(new Trace(CurrentIndex, _traces.Count, message, null, null));
        else Egress.Add(message);
    }

    public void Refuse(DeliveredMessage delivered, string reason)
    {
        var refusal = new Refusal(delivered.BlockNumber, delivered.Index, reason);
        if (_traces is not null) _traces.Add(new Trace(CurrentIndex, _traces.Count, null, refusal, null));
        else Refusals.Add(refusal);
    }

    public void AddReceipt(PrivateReceipt receipt)
    {
        if (_traces is not null)
        {
            _traces.Add(new Trace(CurrentIndex, _traces.Count, null, null, receipt));
            return;
        }

        var key = (receipt.ContractId, receipt.BlockNumber, receipt.Index);
        if (_receipts.TryAdd(key, receipt))
        {
            _receiptOrder.Enqueue(key);
            if (_receiptOrder.Count > MaxReceipts)
            {
                _receipts.Remove(_receiptOrder.Dequeue());
            }
        }
        else
        {
            _receipts[key] = receipt;
        }
    }

    public bool TryGetReceipt(Hash256 contractId, uint blockNumber, int index, [NotNullWhen(true)] out PrivateReceipt? receipt)
        => _receipts.TryGetValue((contractId, blockNumber, index), out receipt);

    /// <summary>Replays the traces of parallel <paramref name="sinks"/> into <paramref name="target"/> by message position.</summary>
    public static void Merge(IReadOnlyList<ExecutionSink> sinks, ExecutionSink target)
    {
        var all = new List<Trace>();
        foreach (var sink in sinks) all.AddRange(sink._traces!);

        // Positions are unique per contract and each contract's traces keep their order: (index, order) is total.
        all.Sort(static (a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Order.CompareTo(b.Order));
        foreach (var trace in all)
        {
            if (trace.Egress is not null) target.AddEgress(trace.Egress);
            else if (trace.Refusal is { } refusal) target.Refusals.Add(refusal);
            else target.AddReceipt(trace.Receipt!);
        }
    }

    private readonly record struct Trace(int Index, int Order, SignedMessage? Egress, Refusal? Refusal, PrivateReceipt? Receipt);
}
