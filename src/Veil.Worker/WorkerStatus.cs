using System.Globalization;
using System.Text;
using Veil.Enclave.Boundary;

namespace Veil.Worker;

/// <summary>What the host's HTTP endpoints report: the enclave's latest info and the relay counters. Thread-safe.</summary>
public sealed class WorkerStatus
{
    private EnclaveInfo _info;
    private long _blocksProcessed;
    private long _egressRelayed;
    private long _egressSkipped;
    private long _relayFailures;
    private long _batchesRefused;
    private long _checkpointBlock;
    private long _queriesAnswered;
    private long _queriesRefused;
    private long _messagesRefused;

    public WorkerStatus(EnclaveInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        _info = info;
    }

    public EnclaveInfo Info => Volatile.Read(ref _info);

    public long BlocksProcessed => Interlocked.Read(ref _blocksProcessed);

    /// <summary>Egress messages the node accepted into its pool (or had already seen).</summary>
    public long EgressRelayed => Interlocked.Read(ref _egressRelayed);

    public long RelayFailures => Interlocked.Read(ref _relayFailures);

    /// <summary>Number of the block the last stored (or restored) checkpoint reflects; 0 when there is none.</summary>
    public uint CheckpointBlock => (uint)Interlocked.Read(ref _checkpointBlock);

    /// <summary>False until the host registered (or found itself registered) on chain.</summary>
    public bool Registered { get; internal set; }

    internal void Update(EnclaveInfo info) => Volatile.Write(ref _info, info);

    internal void SetCheckpointBlock(uint number) => Interlocked.Exchange(ref _checkpointBlock, number);

    internal void AddBlocks(int count) => Interlocked.Add(ref _blocksProcessed, count);

    internal void AddRelayed(bool alreadyKnown)
    {
        Interlocked.Increment(ref _egressRelayed);
        if (alreadyKnown)
        {
            Interlocked.Increment(ref _egressSkipped);
        }
    }

    internal void AddRelayFailure() => Interlocked.Increment(ref _relayFailures);

    internal void AddQuery(bool answered) => Interlocked.Increment(ref answered ? ref _queriesAnswered : ref _queriesRefused);

    internal void AddRefusedMessages(int count) => Interlocked.Add(ref _messagesRefused, count);

    internal void AddRefusedBatch() => Interlocked.Increment(ref _batchesRefused);

    /// <summary>The Prometheus text exposition (format 0.0.4) of the counters.</summary>
    public string ToPrometheus()
    {
        var text = new StringBuilder(768);
        Append(text, "veil_worker_last_block", "gauge", "Number of the last block the enclave accepted", Info.LastNumber);
        Append(text, "veil_worker_checkpoint_block", "gauge", "Number of the block the last stored checkpoint reflects (0: none)", CheckpointBlock);
        Append(text, "veil_worker_blocks_processed_total", "counter", "Blocks the enclave accepted since start", BlocksProcessed);
        Append(text, "veil_worker_egress_relayed_total", "counter", "Egress messages relayed to the node (including ones it already had)", EgressRelayed);
        Append(text, "veil_worker_egress_already_known_total", "counter", "Relayed egress the node reported as already imported", Interlocked.Read(ref _egressSkipped));
        Append(text, "veil_worker_relay_failures_total", "counter", "Egress relays the node rejected", RelayFailures);
        Append(text, "veil_worker_batches_refused_total", "counter", "Block batches the enclave refused in part or whole", Interlocked.Read(ref _batchesRefused));
        Append(text, "veil_worker_messages_refused_total", "counter", "Delivered queue messages the enclave refused (each logged with its reason)", Interlocked.Read(ref _messagesRefused));
        Append(text, "veil_worker_queries_answered_total", "counter", "Sealed queries the enclave answered (its answer may be a contract-level refusal, sealed)", Interlocked.Read(ref _queriesAnswered));
        Append(text, "veil_worker_queries_refused_total", "counter", "Queries refused before reaching a contract (undecodable, oversize, forged, expired, unknown contract)", Interlocked.Read(ref _queriesRefused));
        Append(text, "veil_worker_registered", "gauge", "1 once the worker is registered on chain", Registered ? 1 : 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, string type, string help, long value)
        => text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
