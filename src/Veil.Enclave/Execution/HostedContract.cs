using Veil.Contracts.Runtime;
using Veil.Enclave.Confidential;
using Veil.Enclave.Keys;
using Veil.Protocol.Contracts;

namespace Veil.Enclave.Execution;

/// <summary>
/// One contract this enclave runs: its deployment, and once the gatekeeper's keys arrived, the keys, the
/// command opener and the instance. Until then commands wait in <see cref="Pending"/>, in delivery order,
/// so a worker that got its keys a few blocks late still applies every command exactly once, in order.
/// </summary>
internal sealed class HostedContract(ContractInfo info) : IDisposable
{
    public ContractInfo Info { get; } = info;

    /// <summary>For a WebAssembly contract: its announced code, constructor input and deployment time.</summary>
    public WasmDeployment? Wasm { get; init; }

    /// <summary>Position of the deployment announcement in its block: the constructor's receipt is filed there.</summary>
    public int DeployIndex { get; init; }

    /// <summary>Timestamps of the blocks whose commands wait in <see cref="Pending"/>, so a held command
    /// still sees its own block's time (<c>seal0.now</c>) when it finally runs.</summary>
    public SortedDictionary<uint, ulong> PendingTimestamps { get; } = [];

    public ContractKeys? Keys { get; private set; }

    public CommandOpener? Opener { get; private set; }

    public ContractInstance? Instance { get; private set; }

    /// <summary>Sequence of the contract's next signed message; the same on every worker of the cluster.</summary>
    public ulong NextSequence { get; set; }

    public Queue<(uint BlockNumber, int Index, Veil.Protocol.Messaging.QueueMessage Message)> Pending { get; } = new();

    public bool IsRunning => Instance is not null;

    /// <summary>The last block in which a message reached this contract (executed or refused), so the
    /// worker reports that block whether or not the state changed: a missing report would reveal a
    /// failed command. Not part of checkpoints: a restored worker resumes at a block boundary.</summary>
    public uint LastInputBlock { get; set; }

    /// <summary>
    /// Set on a worker added to a running cluster: the queue position of its join. Its state is unknown
    /// until the cluster's state snapshot for that position arrives (with the keys); until then commands
    /// wait in <see cref="Pending"/> and the contract is not running.
    /// </summary>
    public (uint Block, int Index)? AwaitingSnapshotAt { get; set; }

    /// <summary>Snapshot messages that arrived before the keys (at most <see cref="MaxHeldSnapshots"/>).</summary>
    public List<byte[]> HeldSnapshots { get; } = [];

    public const int MaxHeldSnapshots = 4;

    /// <summary>Keys of a joined worker that still waits for its state snapshot.</summary>
    public void HoldKeys(ContractKeys keys) => Keys = keys;

    public void Start(ContractKeys keys, CommandOpener opener, ContractInstance instance)
    {
        Keys = keys;
        Opener = opener;
        Instance = instance;
    }

    public void Dispose()
    {
        Opener?.Dispose();
        Keys?.Dispose();
    }
}
