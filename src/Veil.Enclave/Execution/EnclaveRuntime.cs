using System.Diagnostics.CodeAnalysis;
using System.Text;
using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Enclave.Confidential;
using Veil.Enclave.Keys;
using Veil.Enclave.LightClient;
using Veil.Enclave.Platform;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Execution;

/// <summary>
/// The deterministic core of a worker or gatekeeper enclave (DESIGN §4–§7): verified queue messages in,
/// in block order, signed queue messages out. No I/O, no clock: everything it does follows from the
/// messages it was given, so two workers of one cluster reach the same contract state and produce
/// byte-identical contract egress (Ed25519 signatures are deterministic). Not thread-safe: the host
/// calls <see cref="Process"/> from one thread.
/// </summary>
/// <remarks>
/// Handled: registry events (which enclaves exist, with which ECDH key and role), deployments (a
/// gatekeeper publishes the contract's keys and seals its secrets to each registered cluster worker; a
/// cluster worker waits for them), the gatekeeper's key messages, and commands to contracts this enclave
/// runs. Other topics are not for this enclave and are ignored without a refusal. Every message that is
/// for this enclave but cannot be acted on is recorded in <see cref="Refusals"/> and changes nothing.
/// The enclave's own sequence starts at <c>initialSequence</c>; the host restores it from the chain.
/// </remarks>
public sealed partial class EnclaveRuntime : IDisposable
{
    /// <summary>Commands held for a contract whose keys have not arrived; more are refused so a stuck
    /// delivery cannot exhaust enclave memory.</summary>
    public const int MaxPendingCommands = 65_536;

    private static readonly byte[] RegistryTopic = Encoding.UTF8.GetBytes("veil/registry/event");
    private static readonly byte[] DeployedTopic = Encoding.UTF8.GetBytes(ContractTopics.Deployed);
    private static readonly byte[] KeyTopic = Encoding.UTF8.GetBytes(GatekeeperKeyMessage.Topic);
    private static readonly byte[] PublishKeysTopic = Encoding.UTF8.GetBytes(ContractTopics.PublishKeys);
    private static readonly byte[] JoinedTopic = Encoding.UTF8.GetBytes(ContractTopics.Joined);

    private readonly IEnclavePlatform _platform;
    private readonly EnclaveIdentity _identity;
    private readonly MasterKey? _masterKey;
    private readonly Dictionary<Hash256, WorkerInfo> _workers = [];
    private readonly Dictionary<Hash256, HostedContract> _contracts = [];
    private readonly Dictionary<string, Hash256> _commandTopics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hash256> _snapshotTopics = new(StringComparer.Ordinal);
    private readonly ExecutionSink _sink = new();
    private ulong _nextSequence;
    private (uint Block, int Index)? _last;

    private EnclaveRuntime(IEnclavePlatform platform, EnclaveIdentity identity, Hash256 genesisHash, WorkerRole role, MasterKey? masterKey, ulong initialSequence)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(identity);
        _platform = platform;
        _identity = identity;
        GenesisHash = genesisHash;
        Role = role;
        _masterKey = masterKey;
        _nextSequence = initialSequence;
    }

    public WorkerRole Role { get; }

    public Hash256 GenesisHash { get; }

    public Hash256 IdentityKey => _identity.IdentityKey;

    /// <summary>Why each refused message was refused, in delivery order.</summary>
    public IReadOnlyList<Refusal> Refusals => _sink.Refusals;

    /// <summary>Sequence of this enclave's next own signed message (origin Worker(identity)).</summary>
    public ulong NextSequence => _nextSequence;

    /// <summary>Registered enclaves known from registry events.</summary>
    public IReadOnlyDictionary<Hash256, WorkerInfo> Workers => _workers;

    /// <summary>A worker enclave; <paramref name="identity"/> and <paramref name="platform"/> are borrowed.</summary>
    public static EnclaveRuntime ForWorker(IEnclavePlatform platform, EnclaveIdentity identity, Hash256 genesisHash, ulong initialSequence = 0)
        => new(platform, identity, genesisHash, WorkerRole.Worker, null, initialSequence);

    /// <summary>A gatekeeper enclave holding <paramref name="masterKey"/> (borrowed, not disposed here).</summary>
    public static EnclaveRuntime ForGatekeeper(IEnclavePlatform platform, EnclaveIdentity identity, Hash256 genesisHash, MasterKey masterKey, ulong initialSequence = 0)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        return new(platform, identity, genesisHash, WorkerRole.Gatekeeper, masterKey, initialSequence);
    }

    /// <summary>The running instance of <paramref name="contractId"/>, if this enclave has its keys.</summary>
    public bool TryGetContract(Hash256 contractId, [NotNullWhen(true)] out ContractInstance? instance)
    {
        instance = _contracts.TryGetValue(contractId, out var hosted) ? hosted.Instance : null;
        return instance is not null;
    }

    /// <summary>True when this enclave is in <paramref name="contractId"/>'s cluster but has no keys yet.</summary>
    public bool IsAwaitingKeys(Hash256 contractId) => _contracts.TryGetValue(contractId, out var hosted) && !hosted.IsRunning;

    /// <summary>True when this enclave joined <paramref name="contractId"/>'s running cluster and still waits for the cluster's state snapshot.</summary>
    public bool IsAwaitingState(Hash256 contractId) => _contracts.TryGetValue(contractId, out var hosted) && hosted.AwaitingSnapshotAt is not null;

    /// <summary>Commands waiting for <paramref name="contractId"/>'s keys.</summary>
    public int PendingCommandCount(Hash256 contractId) => _contracts.TryGetValue(contractId, out var hosted) ? hosted.Pending.Count : 0;

    /// <summary>The private receipt of the command delivered at (<paramref name="blockNumber"/>, <paramref name="index"/>) to <paramref name="contractId"/>.</summary>
    public bool TryGetReceipt(Hash256 contractId, uint blockNumber, int index, [NotNullWhen(true)] out PrivateReceipt? receipt)
        => _sink.TryGetReceipt(contractId, blockNumber, index, out receipt);

    /// <summary>The signed messages produced since the last call, in order, for the host to relay.</summary>
    public IReadOnlyList<SignedMessage> DrainEgress()
    {
        var drained = _sink.Egress.ToArray();
        _sink.Egress.Clear();
        return drained;
    }

    /// <summary>Handles one verified message. Call in (block, index) order; earlier positions are refused.</summary>
    public void Process(DeliveredMessage delivered)
    {
        var message = delivered.Message;
        if (message is null)
        {
            Refuse(delivered, "no message");
            return;
        }

        // The light client already orders input; this guards the enclave against a host that replays it.
        if (_last is { } last && (delivered.BlockNumber < last.Block || (delivered.BlockNumber == last.Block && delivered.Index <= last.Index)))
        {
            Refuse(delivered, $"out of order: block {delivered.BlockNumber} index {delivered.Index} is not after block {last.Block} index {last.Index}");
            return;
        }

        _last = (delivered.BlockNumber, delivered.Index);
        var topic = message.Topic;
        if (topic.AsSpan().SequenceEqual(RegistryTopic))
        {
            OnRegistryEvent(delivered);
        }
        else if (topic.AsSpan().SequenceEqual(DeployedTopic))
        {
            OnDeployed(delivered);
        }
        else if (topic.AsSpan().SequenceEqual(KeyTopic))
        {
            OnKeyMessage(delivered);
        }
        else if (topic.AsSpan().SequenceEqual(JoinedTopic))
        {
            OnJoined(delivered);
        }
        else if (_commandTopics.TryGetValue(message.TopicText, out var contractId))
        {
            OnCommand(delivered, _contracts[contractId]);
        }
        else if (_snapshotTopics.TryGetValue(message.TopicText, out var snapshotOf))
        {
            OnSnapshot(delivered, _contracts[snapshotOf]);
        }
    }

    // Boundary support (checkpoint, restore, state reports): the trusted side's own access to its state.
    internal (uint Block, int Index)? LastPosition => _last;

    internal IEnumerable<HostedContract> HostedContracts => _contracts.Values;

    internal bool TryGetHosted(Hash256 contractId, [NotNullWhen(true)] out HostedContract? hosted) => _contracts.TryGetValue(contractId, out hosted);

    internal void EmitOwnMessage(QueueMessage message) => EmitOwn(message);

    internal void RestorePosition((uint Block, int Index)? last) => _last = last;

    internal void RestoreWorker(WorkerInfo info) => _workers[info.IdentityKey] = info;

    internal void RestoreContract(HostedContract hosted) => Host(hosted);

    public void Dispose()
    {
        foreach (var hosted in _contracts.Values)
        {
            hosted.Dispose();
        }

        _contracts.Clear();
        _commandTopics.Clear();
        _snapshotTopics.Clear();
    }

    internal static IConfidentialContract? CreateContract(string kind) => kind switch
    {
        WalletContract.ContractName => new WalletContract(),
        _ => null,
    };

    private static AccountId AccountOf(Origin origin)
    {
        Span<byte> bytes = stackalloc byte[AccountId.Size];
        origin.Id.CopyTo(bytes);
        return new AccountId(bytes);
    }

    private void OnRegistryEvent(DeliveredMessage delivered)
    {
        var message = delivered.Message;
        if (message.Sender != Origin.Module("Registry"))
        {
            Refuse(delivered, $"registry event from {message.Sender}, only Module(Registry) may announce workers");
            return;
        }

        if (!WorkerInfo.TryDecode(message.Payload, out var info, out var error))
        {
            Refuse(delivered, $"registry event does not decode: {error}");
            return;
        }

        _workers[info.IdentityKey] = info;
    }

    private void OnDeployed(DeliveredMessage delivered)
    {
        var message = delivered.Message;
        if (message.Sender != Origin.Module("Contracts"))
        {
            Refuse(delivered, $"deployment from {message.Sender}, only Module(Contracts) may announce contracts");
            return;
        }

        if (!TryDecodeDeployment(message.Payload, out var info, out var wasm, out var error))
        {
            Refuse(delivered, error);
            return;
        }

        // A gatekeeper compiles WebAssembly code too: code that fails full validation gets no keys.
        if (!TryCreateContract(info, wasm, out _, out error))
        {
            Refuse(delivered, error);
            return;
        }

        if (Role == WorkerRole.Gatekeeper)
        {
            DeliverKeys(delivered, info);
            return;
        }

        if (!info.Cluster.Contains(IdentityKey) || _contracts.ContainsKey(info.Id))
        {
            // Another cluster's contract, or a repeated announcement: nothing for this worker to do.
            return;
        }

        Host(new HostedContract(info) { Wasm = wasm, DeployIndex = delivered.Index });
    }

    private void Host(HostedContract hosted)
    {
        _contracts[hosted.Info.Id] = hosted;
        _commandTopics[ContractTopics.Command(hosted.Info.Id)] = hosted.Info.Id;
        _snapshotTopics[ContractTopics.Snapshot(hosted.Info.Id)] = hosted.Info.Id;
    }

    private void DeliverKeys(DeliveredMessage delivered, ContractInfo info)
    {
        using var keys = _masterKey!.DeriveContractKeys(info.Id);
        EmitOwn(new QueueMessage(Origin.Worker(IdentityKey), PublishKeysTopic, keys.PublicKeys.Encode()));

        // Cluster order is the chain's, so the gatekeeper's output is reproducible up to the ephemeral keys.
        foreach (var member in info.Cluster)
        {
            SealKeysTo(delivered, keys, member);
        }
    }

    private void SealKeysTo(DeliveredMessage delivered, ContractKeys keys, Hash256 member)
    {
        if (!_workers.TryGetValue(member, out var worker) || worker.Role != WorkerRole.Worker)
        {
            Refuse(delivered, $"no keys sent for contract {keys.ContractId} to {member}: it is not a registered worker");
            return;
        }

        var delivery = KeyCourier.SealContractKeys(_platform, keys, worker.IdentityKey, worker.EcdhKey);
        EmitOwn(new QueueMessage(Origin.Worker(IdentityKey), KeyTopic, GatekeeperKeyMessage.Encode(keys.PublicKeys, delivery)));
    }

    private void OnKeyMessage(DeliveredMessage delivered)
    {
        var message = delivered.Message;
        if (Role != WorkerRole.Worker)
        {
            return;
        }

        if (message.Sender.Kind != OriginKind.Worker
            || !_workers.TryGetValue(message.Sender.Id, out var sender)
            || sender.Role != WorkerRole.Gatekeeper)
        {
            Refuse(delivered, $"key message from {message.Sender}, which is not a registered gatekeeper");
            return;
        }

        if (!GatekeeperKeyMessage.TryDecode(message.Payload, out var published, out var delivery, out var error))
        {
            Refuse(delivered, error);
            return;
        }

        if (delivery.Recipient != IdentityKey)
        {
            // Every cluster member sees the others' deliveries; recorded so the log explains every message.
            Refuse(delivered, $"key delivery for contract {delivery.ContractId} is addressed to another enclave ({delivery.Recipient})");
            return;
        }

        if (!_contracts.TryGetValue(published.ContractId, out var hosted))
        {
            Refuse(delivered, $"key delivery for contract {published.ContractId}, which this enclave was not deployed to");
            return;
        }

        if (hosted.IsRunning || hosted.Keys is not null)
        {
            Refuse(delivered, $"key delivery for contract {published.ContractId}, which already has its keys");
            return;
        }

        if (!KeyCourier.TryOpenContractKeys(_identity, delivery, published, out var keys, out error))
        {
            Refuse(delivered, error);
            return;
        }

        if (hosted.AwaitingSnapshotAt is not null)
        {
            // A worker that joined a running cluster starts from the cluster's state, not an empty one.
            hosted.HoldKeys(keys);
            TryLoadHeldSnapshots(delivered, hosted);
            return;
        }

        TryCreateContract(hosted.Info, hosted.Wasm, out var contract, out _);
        hosted.Start(keys, new CommandOpener(keys, GenesisHash), new ContractInstance(hosted.Info.Id, contract!));
        RunConstructor(hosted);
        RunPending(hosted);
    }

    // Messages that arrived before the contract could run (no keys, or no state yet) run now, in their
    // original order and positions: commands, and joins the cluster owes a snapshot for.
    private void RunPending(HostedContract hosted)
    {
        while (hosted.IsRunning && hosted.Pending.TryDequeue(out var pending))
        {
            var delivered = new DeliveredMessage(pending.BlockNumber, pending.Index, pending.Message)
            {
                Timestamp = hosted.PendingTimestamps.GetValueOrDefault(pending.BlockNumber),
            };
            if (pending.Message.Topic.AsSpan().SequenceEqual(JoinedTopic))
            {
                OnJoined(delivered);
            }
            else
            {
                Execute(delivered, hosted);
            }
        }

        if (hosted.Pending.Count == 0)
        {
            hosted.PendingTimestamps.Clear();
        }
    }

    private void OnCommand(DeliveredMessage delivered, HostedContract hosted)
    {
        if (hosted.IsRunning)
        {
            Execute(delivered, hosted);
            return;
        }

        if (hosted.Pending.Count >= MaxPendingCommands)
        {
            Refuse(delivered, $"contract {hosted.Info.Id} has no keys or state yet and {MaxPendingCommands} commands already wait for them");
            return;
        }

        hosted.Pending.Enqueue((delivered.BlockNumber, delivered.Index, delivered.Message));
        hosted.PendingTimestamps[delivered.BlockNumber] = delivered.Timestamp;
    }

    private void Execute(DeliveredMessage delivered, HostedContract hosted) => Execute(delivered, hosted, _sink);

    private void Execute(DeliveredMessage delivered, HostedContract hosted, ExecutionSink sink)
    {
        var message = delivered.Message;
        var contractId = hosted.Info.Id;
        hosted.LastInputBlock = delivered.BlockNumber;
        byte[] command;
        if (message.Sender.Kind == OriginKind.Account)
        {
            if (!hosted.Opener!.TryOpen(message.Payload, AccountOf(message.Sender), out command, out var error))
            {
                sink.Refuse(delivered, $"contract {contractId}: {error}");
                return;
            }
        }
        else if (message.Sender == Origin.Module(WalletContract.DepositModule) && hosted.Wasm is null)
        {
            // The chain's own deposits are public (the lock is a public transfer), so they come in plaintext.
            command = message.Payload;
        }
        else
        {
            sink.Refuse(delivered, $"contract {contractId}: commands from {message.Sender} are not accepted");
            return;
        }

        if (hosted.Wasm is not null)
        {
            // The sender supplies only the ink! input (selector ‖ args); time and value come from the chain.
            command = WasmCommand(delivered.Timestamp, command);
        }

        var outcome = hosted.Instance!.Handle(command, message.Sender, delivered.BlockNumber);
        sink.AddReceipt(new PrivateReceipt(contractId, delivered.BlockNumber, delivered.Index, message.Sender, outcome.EncodeReceipt(), outcome.IsSuccess));
        if (!outcome.IsSuccess)
        {
            // The reason goes to the sender's private receipt only: the host logs refusals, and "insufficient
            // balance" is private information.
            sink.Refuse(delivered, $"contract {contractId}: the command failed (the reason is in the sender's private receipt)");
            return;
        }

        foreach (var outgoing in outcome.Messages)
        {
            EmitContract(hosted, outgoing, sink);
        }
    }

    private void EmitContract(HostedContract hosted, QueueMessage outgoing) => EmitContract(hosted, outgoing, _sink);

    private void EmitContract(HostedContract hosted, QueueMessage outgoing, ExecutionSink sink)
    {
        var sequence = hosted.NextSequence++;
        var signature = hosted.Keys!.Signer.Sign(SignedMessage.SigningPayload(GenesisHash, outgoing, sequence));
        sink.AddEgress(new SignedMessage(outgoing, sequence, signature));
    }

    private void EmitOwn(QueueMessage message)
    {
        var sequence = _nextSequence++;
        _sink.AddEgress(new SignedMessage(message, sequence, _identity.Signer.Sign(SignedMessage.SigningPayload(GenesisHash, message, sequence))));
    }

    private void Refuse(DeliveredMessage delivered, string reason) => _sink.Refuse(delivered, reason);
}
