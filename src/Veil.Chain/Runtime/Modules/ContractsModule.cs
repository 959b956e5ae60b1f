using System.Buffers.Binary;
using Veil.Chain.State;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Calls;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using Veil.Protocol.Storage;

namespace Veil.Chain.Runtime.Modules;

/// <summary>
/// Contracts (DESIGN §6–7), the chain side: deploy a built-in contract to a cluster of registered workers,
/// record the public keys a gatekeeper publishes for it, lock public VEIL into it (delivered to the
/// contract as a plaintext deposit), release locked VEIL on the contract's own signed message, and keep
/// each cluster worker's latest state-hash report so diverging workers are visible.
/// </summary>
public sealed class ContractsModule : IRuntimeModule, IOnChainTopicHandler
{
    /// <summary>Built-in contracts a cluster can run.</summary>
    public static readonly string[] BuiltinKinds = ["Wallet"];

    public const byte EventDeployed = 0;
    public const byte EventKeysPublished = 1;
    public const byte EventDeposited = 2;
    public const byte EventReleased = 3;
    public const byte EventStateReported = 4;
    public const byte EventStateDiverged = 5;
    public const byte EventWorkerAdded = 6;
    public const byte EventCodeStored = 7;

    private const byte UnknownKind = 1;
    private const byte BadCluster = 2;
    private const byte UnknownContract = 3;
    private const byte NotAuthorized = 4;
    private const byte BadPayload = 5;
    private const byte NotDeployer = 6;
    private const byte BadCode = 7;
    private const byte UnknownCode = 8;

    public byte Index => ModuleIndex.Contracts;

    public string Name => "Contracts";

    public bool IsKnownCall(byte call) => call is ContractsCall.DeployBuiltin or ContractsCall.Deposit or ContractsCall.AddWorker
        or ContractsCall.UploadCode or ContractsCall.Instantiate;

    public bool Handles(string topic) => topic is ContractTopics.PublishKeys or ContractTopics.Release or ContractTopics.StateReport;

    public DispatchError? Dispatch(in DispatchContext context, byte call, ref ScaleReader args)
    {
        if (call == ContractsCall.DeployBuiltin)
        {
            var kind = args.ReadString(ContractInfo.MaxKindLength);
            var count = args.ReadLength(ContractInfo.MaxClusterSize, 32);
            var cluster = new List<Hash256>(count);
            for (var i = 0; i < count; i++) cluster.Add(args.ReadHash());
            if (!args.TryFinish(out var error)) return DispatchError.Undecodable(Index, error);
            return Deploy(context, kind, cluster);
        }

        if (call == ContractsCall.UploadCode)
        {
            // Read one byte past the limit so an oversize upload gets the size error, not a decode error.
            var code = args.ReadBytes(WasmDeployment.MaxCodeLength + 1).ToArray();
            if (!args.TryFinish(out var error)) return DispatchError.Undecodable(Index, error);
            return UploadCode(context, code);
        }

        if (call == ContractsCall.Instantiate)
        {
            var codeHash = args.ReadHash();
            var count = args.ReadLength(ContractInfo.MaxClusterSize, 32);
            var cluster = new List<Hash256>(count);
            for (var i = 0; i < count; i++) cluster.Add(args.ReadHash());
            var constructor = args.ReadBytes(WasmDeployment.MaxConstructorLength).ToArray();
            if (!args.TryFinish(out var error)) return DispatchError.Undecodable(Index, error);
            return Instantiate(context, codeHash, cluster, constructor);
        }

        if (call == ContractsCall.AddWorker)
        {
            var contract = args.ReadHash();
            var worker = args.ReadHash();
            if (!args.TryFinish(out var error)) return DispatchError.Undecodable(Index, error);
            return AddWorker(context, contract, worker);
        }

        var contractId = args.ReadHash();
        var amount = args.ReadCompactU128();
        if (!args.TryFinish(out var decodeError)) return DispatchError.Undecodable(Index, decodeError);
        return Deposit(context, contractId, amount);
    }

    public DispatchError? HandleMessage(in DispatchContext context, QueueMessage message)
    {
        var reader = new ScaleReader(message.Payload);
        switch (message.TopicText)
        {
            case ContractTopics.PublishKeys:
                {
                    var id = reader.ReadHash();
                    var epoch = reader.ReadU32();
                    var ecdh = reader.ReadHash();
                    var signing = reader.ReadHash();
                    if (!reader.TryFinish(out var error)) return new DispatchError(Index, BadPayload, $"contract keys do not decode: {error}");
                    return PublishKeys(context, message.Sender, id, epoch, ecdh, signing);
                }

            case ContractTopics.Release:
                {
                    var to = reader.ReadAccount();
                    var amount = reader.ReadU128();
                    if (!reader.TryFinish(out var error)) return new DispatchError(Index, BadPayload, $"release does not decode: {error}");
                    return Release(context, message.Sender, to, amount);
                }

            default:
                {
                    var id = reader.ReadHash();
                    var number = reader.ReadU32();
                    var stateHash = reader.ReadHash();
                    if (!reader.TryFinish(out var error)) return new DispatchError(Index, BadPayload, $"state report does not decode: {error}");
                    return ReportState(context, message.Sender, id, number, stateHash);
                }
        }
    }

    public static ContractInfo? Get(IStateReader state, Hash256 id)
        => state.TryGet(StorageKey.Contract(id), out var bytes) && ContractInfo.TryDecode(bytes, out var info, out _) ? info : null;

    private DispatchError? Deploy(in DispatchContext context, string kind, List<Hash256> cluster)
    {
        if (Array.IndexOf(BuiltinKinds, kind) < 0)
        {
            return new DispatchError(Index, UnknownKind, $"unknown built-in contract '{kind}' (known: {string.Join(", ", BuiltinKinds)})");
        }

        if (CheckCluster(context, cluster) is { } refused) return refused;
        var info = NewContract(context, kind, cluster);
        var encoded = info.Encode();
        context.State.Set(StorageKey.Contract(info.Id), encoded);
        context.Block.Messages.Add(new QueueMessage(Origin.Module(Name), System.Text.Encoding.UTF8.GetBytes(ContractTopics.Deployed), encoded));
        Emit(context, EventDeployed, info.Id);
        return null;
    }

    /// <summary>
    /// Stores WebAssembly code under its hash after the checks the chain can afford (size, header, section
    /// framing, host-module imports, deploy/call exports); uploading the same code again changes nothing.
    /// </summary>
    private DispatchError? UploadCode(in DispatchContext context, byte[] code)
    {
        if (WasmCodeCheck.Check(code) is { } refused)
        {
            return new DispatchError(Index, BadCode, $"code refused: {refused}");
        }

        var hash = Blake2b.Hash256(code);
        var key = StorageKey.ContractCode(hash);
        if (!context.State.TryGet(key, out _))
        {
            context.State.Set(key, code);
        }

        Emit(context, EventCodeStored, hash);
        return null;
    }

    /// <summary>
    /// Deploys uploaded code to a cluster. The announcement carries the code, the constructor input and the
    /// block time, so every worker runs the constructor on the same input once it holds the keys. The
    /// constructor input is public: the contract's keys do not exist until the gatekeeper has seen this
    /// very announcement, so nothing can be sealed to them yet (confidential set-up goes in a first command).
    /// </summary>
    private DispatchError? Instantiate(in DispatchContext context, Hash256 codeHash, List<Hash256> cluster, byte[] constructor)
    {
        if (!context.State.TryGet(StorageKey.ContractCode(codeHash), out var code))
        {
            return new DispatchError(Index, UnknownCode, $"no code {codeHash} has been uploaded (Contracts.upload_code first)");
        }

        if (constructor.Length < 4)
        {
            return new DispatchError(Index, BadPayload, "the constructor input must start with a 4-byte selector");
        }

        if (CheckCluster(context, cluster) is { } refused) return refused;
        var info = NewContract(context, ContractInfo.WasmKind(codeHash), cluster);
        context.State.Set(StorageKey.Contract(info.Id), info.Encode());
        var deployment = new WasmDeployment(info, code.ToArray(), constructor, context.Block.Timestamp);
        context.Block.Messages.Add(new QueueMessage(Origin.Module(Name), System.Text.Encoding.UTF8.GetBytes(ContractTopics.Deployed), deployment.Encode()));
        Emit(context, EventDeployed, info.Id);
        return null;
    }

    private DispatchError? CheckCluster(in DispatchContext context, List<Hash256> cluster)
    {
        if (cluster.Count == 0)
        {
            return new DispatchError(Index, BadCluster, "a contract needs at least one worker in its cluster");
        }

        var distinct = new HashSet<Hash256>();
        foreach (var worker in cluster)
        {
            if (!distinct.Add(worker)) return new DispatchError(Index, BadCluster, $"worker {worker} is listed twice");
            if (!context.State.TryGet(StorageKey.RegistryWorker(worker), out var bytes) || !WorkerInfo.TryDecode(bytes, out _, out _))
            {
                return new DispatchError(Index, BadCluster, $"worker {worker} is not registered");
            }
        }

        return null;
    }

    private static ContractInfo NewContract(in DispatchContext context, string kind, List<Hash256> cluster)
    {
        // Unique and unpredictable before inclusion: deployer, block and position.
        Span<byte> seed = stackalloc byte[16 + 32 + 4 + 4];
        "veil/contract-id"u8.CopyTo(seed);
        context.Signer.CopyTo(seed[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(seed[48..], context.Block.Number);
        BinaryPrimitives.WriteUInt32LittleEndian(seed[52..], context.ExtrinsicIndex);
        var id = Blake2b.Hash256(seed);
        return new ContractInfo(id, kind, context.Signer, cluster, context.Block.Number, 0, default, default);
    }

    /// <summary>
    /// Grows a contract's cluster. The announcement tells the gatekeeper to seal the contract's keys to the
    /// new worker and the running workers to send it the state at this very message (DESIGN §5: "a state
    /// snapshot encrypted under the contract key"), so it replays only the commands that come after.
    /// </summary>
    private DispatchError? AddWorker(in DispatchContext context, Hash256 contractId, Hash256 worker)
    {
        var info = Get(context.State, contractId);
        if (info is null) return new DispatchError(Index, UnknownContract, $"no contract {contractId}");
        if (info.Deployer != context.Signer)
        {
            return new DispatchError(Index, NotDeployer, $"only the deployer {info.Deployer} may add workers to contract {contractId}");
        }

        if (info.IsWasm)
        {
            // A joining worker would also need the code, which the join announcement does not carry yet.
            return new DispatchError(Index, UnknownKind, $"contract {contractId} is a WebAssembly contract; adding workers to one is not supported yet");
        }

        if (info.Cluster.Contains(worker))
        {
            return new DispatchError(Index, BadCluster, $"worker {worker} is already in the cluster of contract {contractId}");
        }

        if (info.Cluster.Count >= ContractInfo.MaxClusterSize)
        {
            return new DispatchError(Index, BadCluster, $"contract {contractId} already has the maximum of {ContractInfo.MaxClusterSize} workers");
        }

        if (!context.State.TryGet(StorageKey.RegistryWorker(worker), out var bytes) || !WorkerInfo.TryDecode(bytes, out var registered, out _)
            || registered.Role != WorkerRole.Worker)
        {
            return new DispatchError(Index, BadCluster, $"worker {worker} is not a registered worker");
        }

        var cluster = new List<Hash256>(info.Cluster) { worker };
        var updated = info with { Cluster = cluster };
        var encoded = updated.Encode();
        context.State.Set(StorageKey.Contract(contractId), encoded);
        var payload = new byte[encoded.Length + Hash256.Size];
        encoded.CopyTo(payload, 0);
        worker.CopyTo(payload.AsSpan(encoded.Length));
        context.Block.Messages.Add(new QueueMessage(Origin.Module(Name), System.Text.Encoding.UTF8.GetBytes(ContractTopics.Joined), payload));
        Emit(context, EventWorkerAdded, contractId);
        return null;
    }

    private DispatchError? Deposit(in DispatchContext context, Hash256 contractId, UInt128 amount)
    {
        var info = Get(context.State, contractId);
        if (info is null) return new DispatchError(Index, UnknownContract, $"no contract {contractId}");
        if (amount == 0) return new DispatchError(Index, BadPayload, "deposit amount must be positive");
        if (info.IsWasm)
        {
            // A deposit is delivered as the Wallet's plaintext format, which a WebAssembly contract does not read.
            return new DispatchError(Index, UnknownKind, $"contract {contractId} is a WebAssembly contract; it takes no deposits");
        }

        var moved = BalancesModule.Transfer(context, context.Signer, ContractLock.AccountOf(contractId), amount, keepAlive: true);
        if (moved is not null) return moved;
        var deposit = new ContractDeposit(context.Signer, amount);
        context.Block.Messages.Add(new QueueMessage(Origin.Module("Balances"), System.Text.Encoding.UTF8.GetBytes(ContractTopics.Command(contractId)), deposit.Encode()));
        Emit(context, EventDeposited, contractId);
        return null;
    }

    private DispatchError? PublishKeys(in DispatchContext context, Origin sender, Hash256 id, uint epoch, Hash256 ecdh, Hash256 signing)
    {
        if (sender.Kind != OriginKind.Worker
            || !context.State.TryGet(StorageKey.RegistryWorker(sender.Id), out var bytes)
            || !WorkerInfo.TryDecode(bytes, out var worker, out _)
            || worker.Role != WorkerRole.Gatekeeper)
        {
            return new DispatchError(Index, NotAuthorized, $"only a registered gatekeeper may publish contract keys, not {sender}");
        }

        var info = Get(context.State, id);
        if (info is null) return new DispatchError(Index, UnknownContract, $"no contract {id}");
        if (info.HasKeys && epoch <= info.Epoch)
        {
            // Every gatekeeper derives the same keys; later copies of one epoch change nothing.
            return null;
        }

        context.State.Set(StorageKey.Contract(id), (info with { Epoch = epoch, EcdhKey = ecdh, SigningKey = signing }).Encode());
        Emit(context, EventKeysPublished, id);
        return null;
    }

    private DispatchError? Release(in DispatchContext context, Origin sender, AccountId to, UInt128 amount)
    {
        if (sender.Kind != OriginKind.Contract)
        {
            return new DispatchError(Index, NotAuthorized, $"only a contract may release its locked VEIL, not {sender}");
        }

        var moved = BalancesModule.Transfer(context, ContractLock.AccountOf(sender.Id), to, amount, keepAlive: false);
        if (moved is not null) return moved;
        Emit(context, EventReleased, sender.Id);
        return null;
    }

    private DispatchError? ReportState(in DispatchContext context, Origin sender, Hash256 id, uint number, Hash256 stateHash)
    {
        var info = Get(context.State, id);
        if (info is null) return new DispatchError(Index, UnknownContract, $"no contract {id}");
        if (sender.Kind != OriginKind.Worker || !info.Cluster.Contains(sender.Id))
        {
            return new DispatchError(Index, NotAuthorized, $"{sender} is not in the cluster of contract {id}");
        }

        var report = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(report, number);
        stateHash.CopyTo(report.AsSpan(4));
        context.State.Set(StorageKey.ContractStateReport(id, sender.Id), report);
        Emit(context, EventStateReported, id);

        // Workers of one cluster run the same commands deterministically: a different hash for the
        // same block means one of them diverged, and everyone can see it.
        foreach (var other in info.Cluster)
        {
            if (other == sender.Id || !context.State.TryGet(StorageKey.ContractStateReport(id, other), out var theirs) || theirs.Length != 36) continue;
            if (BinaryPrimitives.ReadUInt32LittleEndian(theirs) == number && !theirs.AsSpan(4).SequenceEqual(report.AsSpan(4)))
            {
                Emit(context, EventStateDiverged, id);
            }
        }

        return null;
    }

    private void Emit(in DispatchContext context, byte eventIndex, Hash256 contractId)
    {
        var w = EventLog.Begin(context.ExtrinsicIndex, Index, eventIndex);
        w.WriteHash(contractId);
        context.Block.Events.End(ref w);
    }
}
