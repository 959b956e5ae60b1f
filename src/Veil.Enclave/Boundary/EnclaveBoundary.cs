using System.Buffers.Binary;
using System.Text;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Enclave.Confidential;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.LightClient;
using Veil.Enclave.Platform;
using Veil.Protocol.Blocks;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using Veil.Wasm;

namespace Veil.Enclave.Boundary;

/// <summary>
/// The trusted side of the enclave boundary: a light client feeding an <see cref="EnclaveRuntime"/>,
/// reachable only through <see cref="Call"/>. One ProcessBlocks call carries a whole batch of blocks (an
/// enclave transition is costly); after each accepted block a worker reports, on "^contracts/state",
/// a keyed commitment to the state of every contract it runs that changed or received input in that block. Not thread-safe: the host
/// calls it from one thread. <c>identity</c>, <c>platform</c> and <c>masterKey</c> are borrowed.
/// </summary>
public sealed class EnclaveBoundary : IEnclaveBoundary, IDisposable
{
    private static readonly byte[] StateReportTopic = Encoding.UTF8.GetBytes(ContractTopics.StateReport);

    private static readonly Hash256 EmptyStateHash = new ContractState().ComputeHash();

    private readonly IEnclavePlatform _platform;
    private readonly EnclaveIdentity _identity;
    private readonly MasterKey? _masterKey;
    private readonly Dictionary<Hash256, Hash256> _reportedHashes = [];
    private ChainLightClient _lightClient;
    private EnclaveRuntime _runtime;
    private int _refusalsSeen;

    // The last accepted block's timestamp, for WebAssembly queries' seal0.now. Not checkpointed: after a
    // restore it is 0 until the next block arrives.
    private ulong _lastTimestamp;

    private EnclaveBoundary(IEnclavePlatform platform, EnclaveIdentity identity, LightClientState start, MasterKey? masterKey, ulong initialSequence)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(start);
        _platform = platform;
        _identity = identity;
        _masterKey = masterKey;
        _lightClient = new ChainLightClient(start);
        _runtime = masterKey is null
            ? EnclaveRuntime.ForWorker(platform, identity, start.GenesisHash, initialSequence)
            : EnclaveRuntime.ForGatekeeper(platform, identity, start.GenesisHash, masterKey, initialSequence);
    }

    public WorkerRole Role => _runtime.Role;

    /// <summary>A worker enclave following the chain from <paramref name="start"/>.</summary>
    public static EnclaveBoundary ForWorker(IEnclavePlatform platform, EnclaveIdentity identity, LightClientState start, ulong initialSequence = 0)
        => new(platform, identity, start, null, initialSequence);

    /// <summary>A gatekeeper enclave holding <paramref name="masterKey"/>, following the chain from <paramref name="start"/>.</summary>
    public static EnclaveBoundary ForGatekeeper(IEnclavePlatform platform, EnclaveIdentity identity, LightClientState start, MasterKey masterKey, ulong initialSequence = 0)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        return new(platform, identity, start, masterKey, initialSequence);
    }

    public byte[] Call(ReadOnlySpan<byte> request) => Handle(request).Encode();

    public void Dispose() => _runtime.Dispose();

    private BoundaryResponse Handle(ReadOnlySpan<byte> bytes)
    {
        if (!BoundaryRequest.TryDecode(bytes, out var request, out var error))
        {
            return BoundaryResponse.ForError(error);
        }

        return request.Kind switch
        {
            BoundaryRequestKind.GetInfo => BoundaryResponse.ForInfo(Info()),
            BoundaryRequestKind.CreateEvidence => BoundaryResponse.ForEvidence(
                _identity.CreateEvidence(_platform, _lightClient.GenesisHash, request.Operator, request.TimestampMs).Encode()),
            BoundaryRequestKind.ProcessBlocks => ProcessBlocks(request.Data),
            BoundaryRequestKind.Checkpoint => BoundaryResponse.ForCheckpoint(
                EnclaveCheckpoint.Seal(_platform, _identity, Role, _lightClient, _runtime), Info()),
            BoundaryRequestKind.Restore => Restore(request.Data),
            BoundaryRequestKind.Query => AnswerQuery(request.Data, receipt: false),
            BoundaryRequestKind.Receipt => AnswerQuery(request.Data, receipt: true),
            _ => BoundaryResponse.ForError($"unknown request {request.Kind}"),
        };
    }

    private EnclaveInfo Info()
        => new(_identity.IdentityKey, _identity.EcdhKey, _platform.Measurement, Role, _lightClient.GenesisHash, _lightClient.LastNumber, _lightClient.LastHash, _runtime.NextSequence);

    private BoundaryResponse ProcessBlocks(byte[] encodedBatch)
    {
        var accepted = 0;
        var offered = 0;
        var error = string.Empty;
        if (!FinalizedBlockBundle.TryDecodeBatch(encodedBatch, out var bundles, out var decodeError))
        {
            error = decodeError;
        }
        else
        {
            offered = bundles.Count;
            var blockMessages = new List<DeliveredMessage>();
            for (var i = 0; i < bundles.Count; i++)
            {
                // Messages are collected, then run as a block, so commands to different contracts run in parallel.
                blockMessages.Clear();
                if (!_lightClient.TryAccept(bundles[i], blockMessages.Add, out var refusal))
                {
                    error = $"bundle {i} of {bundles.Count} refused: {refusal}";
                    break;
                }

                _runtime.ProcessBlock(blockMessages);
                accepted++;
                _lastTimestamp = bundles[i].Header.Timestamp;
                if (Role == WorkerRole.Worker)
                {
                    ReportChangedStates(bundles[i].Header.Number);
                }
            }
        }

        var refusals = _runtime.Refusals.Skip(_refusalsSeen).ToArray();
        _refusalsSeen = _runtime.Refusals.Count;
        return BoundaryResponse.ForBlocks(new BlocksProcessed(accepted, offered, error, _runtime.DrainEgress(), refusals));
    }

    // Contracts are visited in id order so every cluster worker emits its reports in the same order. A
    // contract is reported after every block in which its state changed or it received any message, with
    // a keyed commitment (ContractKeys.StateCommitment), so reports reveal neither the state nor whether a
    // command succeeded.
    private void ReportChangedStates(uint blockNumber)
    {
        var running = _runtime.HostedContracts
            .Where(hosted => hosted.IsRunning)
            .OrderBy(hosted => hosted.Info.Id.ToString(), StringComparer.Ordinal);
        foreach (var hosted in running)
        {
            var id = hosted.Info.Id;
            var hash = hosted.Instance!.StateHash;
            var previous = _reportedHashes.TryGetValue(id, out var reported) ? reported : EmptyStateHash;
            if (hash == previous && hosted.LastInputBlock != blockNumber)
            {
                continue;
            }

            _reportedHashes[id] = hash;
            var payload = new byte[Hash256.Size + sizeof(uint) + Hash256.Size];
            id.CopyTo(payload);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(Hash256.Size), blockNumber);
            hosted.Keys!.StateCommitment(blockNumber, hash).CopyTo(payload.AsSpan(Hash256.Size + sizeof(uint)));
            _runtime.EmitOwnMessage(new QueueMessage(Origin.Worker(_identity.IdentityKey), StateReportTopic, payload));
        }
    }

    /// <summary>
    /// Answers a sealed query (DESIGN §5) against the state after the last accepted block. Envelope
    /// failures (undecodable, another contract, bad signature, expired) are plain errors: they concern only
    /// the envelope, which the host sees anyway. The contract's own answer, refusals included, is sealed to
    /// the asker, so the host cannot tell "not authorized" from a balance. With <paramref name="receipt"/>,
    /// the query names a delivered command (<see cref="ReceiptRequest"/>) and the answer is its private receipt.
    /// </summary>
    private BoundaryResponse AnswerQuery(byte[] encodedQuery, bool receipt)
    {
        if (!SealedQuery.TryDecode(encodedQuery, out var sealedQuery, out var decodeError))
        {
            return BoundaryResponse.ForError($"query refused: {decodeError}");
        }

        if (!_runtime.TryGetHosted(sealedQuery.ContractId, out var hosted))
        {
            return BoundaryResponse.ForError($"query refused: this worker does not run contract {sealedQuery.ContractId}");
        }

        if (!hosted.IsRunning)
        {
            return BoundaryResponse.ForError($"query refused: contract {sealedQuery.ContractId} has no keys or state on this worker yet");
        }

        var opener = new QueryOpener(hosted.Keys!, _lightClient.GenesisHash, _platform);
        if (!opener.TryOpen(sealedQuery, _lightClient.LastNumber, out var verified, out var error))
        {
            return BoundaryResponse.ForError(error);
        }

        using (verified)
        {
            // A WebAssembly query is the ink! input; the enclave states the block and time it answers at.
            var query = hosted.Wasm is null
                ? verified.Query
                : new WasmQuery(_lightClient.LastNumber, _lastTimestamp, verified.Query).Encode();
            var result = receipt ? ReadReceipt(hosted.Info.Id, verified) : hosted.Instance!.Query(query, verified.Account);
            var answer = new QueryAnswer(_lightClient.LastNumber, _lightClient.LastHash, result.Encode());
            return BoundaryResponse.ForQueryAnswer(verified.SealResponse(answer.Encode()).Encode());
        }
    }

    /// <summary>
    /// The private receipt of one delivered command, answered only to the account that sent it. A
    /// missing receipt (not executed here yet, refused before execution, or too old to be kept) and a
    /// receipt of someone else's command get sealed refusals like contract queries.
    /// </summary>
    private QueryResult ReadReceipt(Hash256 contractId, VerifiedQuery verified)
    {
        if (!ReceiptRequest.TryDecode(verified.Query, out var request, out var error))
        {
            return QueryResult.Fail(ContractErrorKind.Malformed, error);
        }

        if (!_runtime.TryGetReceipt(contractId, request.BlockNumber, request.Index, out var stored))
        {
            return QueryResult.Fail(ContractErrorKind.UnknownCommand, $"no receipt for block {request.BlockNumber} message {request.Index} on this worker: not executed here (yet), refused before execution, or no longer kept");
        }

        return stored.Sender == Origin.Account(verified.Account)
            ? QueryResult.Success(stored.Result)
            : QueryResult.Fail(ContractErrorKind.NotAuthorized, "only the sender of a command may read its receipt");
    }

    private BoundaryResponse Restore(byte[] sealedCheckpoint)
    {
        if (!EnclaveCheckpoint.TryRestore(_platform, _identity, Role, _masterKey, sealedCheckpoint, out var lightClient, out var runtime, out var error))
        {
            return BoundaryResponse.ForError(error);
        }

        if (lightClient!.GenesisHash != _lightClient.GenesisHash)
        {
            runtime!.Dispose();
            return BoundaryResponse.ForError($"checkpoint refused: it follows chain {lightClient.GenesisHash}, this enclave follows {_lightClient.GenesisHash}");
        }

        _runtime.Dispose();
        _runtime = runtime!;
        _lightClient = lightClient;
        _refusalsSeen = 0;

        // Every state in the checkpoint was reported when it changed, so it is the baseline for the next reports.
        _reportedHashes.Clear();
        foreach (var hosted in _runtime.HostedContracts.Where(hosted => hosted.IsRunning))
        {
            _reportedHashes[hosted.Info.Id] = hosted.Instance!.StateHash;
        }

        return BoundaryResponse.ForRestored(Info());
    }
}
