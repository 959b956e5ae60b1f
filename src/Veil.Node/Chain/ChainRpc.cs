using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Veil.Chain;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Node.Rpc;
using Veil.Protocol.Accounts;
using Veil.Protocol.Blocks;
using Veil.Protocol.Contracts;
using Veil.Protocol.Registry;
using Veil.Protocol.Storage;

namespace Veil.Node.Chain;

/// <summary>
/// The chain's JSON-RPC methods (DESIGN §8), declared as data. Names and JSON shapes follow Substrate
/// where Substrate has the method; Veil's own are prefixed <c>veil_</c>.
/// </summary>
public sealed partial class ChainRpc
{
    private const int MaxKeysPage = 1000;

    private readonly ChainService _chain;
    private readonly ushort _ss58;
    private readonly ConcurrentDictionary<ISubscriptionSink, byte> _newHeads = new();
    private readonly ConcurrentDictionary<ISubscriptionSink, byte> _finalizedHeads = new();
    private readonly ConcurrentDictionary<Hash256, ISubscriptionSink> _watchers = new();

    public ChainRpc(ChainService chain)
    {
        _chain = chain;
        _ss58 = chain.Spec.Ss58Format;
        _chain.BlockFinalized += OnBlockFinalized;
        _chain.TransactionDropped += OnTransactionDropped;
    }

    public IReadOnlyList<RpcMethod> Methods =>
    [
        new("chain_getHeader", GetHeader),
        new("chain_getBlock", GetBlock),
        new("chain_getBlockHash", GetBlockHash),
        new("chain_getFinalizedHead", (_, _) => Result(_chain.Head.Hash.ToString())),
        new("state_getStorage", GetStorage),
        new("state_getKeysPaged", GetKeysPaged),
        new("state_getReadProof", GetReadProof),
        new("state_getRuntimeVersion", (_, _) => Result(RpcResult.FromWriter(WriteRuntimeVersion))),
        new("author_submitExtrinsic", SubmitExtrinsic),
        new("system_health", (_, _) => Result(RpcResult.FromWriter(static w =>
        {
            w.WriteStartObject();
            w.WriteNumber("peers", 0);
            w.WriteBoolean("isSyncing", false);
            w.WriteBoolean("shouldHavePeers", false);
            w.WriteEndObject();
        }))),
        new("system_chain", (_, _) => Result(_chain.Spec.Name)),
        new("system_name", (_, _) => Result("Veil")),
        new("system_version", (_, _) => Result(NodeVersion.Text)),
        new("system_properties", (_, _) => Result(RpcResult.FromWriter(WriteProperties))),
        new("system_accountNextIndex", (p, ct) => Upstream is not null ? ForwardNextIndexAsync(p, ct) : Result((long)_chain.Pool.NextNonce(ParseAccount(p, 0, "account")))),
        new("veil_accountInfo", AccountInfo),
        new("veil_totalIssuance", (_, _) => Result(_chain.TotalIssuance.ToString(CultureInfo.InvariantCulture))),
        new("veil_finalityProof", GetFinalityProof),
        new("veil_transactionStatus", TransactionStatus),
        new("veil_blockMessages", BlockMessages),
        new("veil_workers", (p, _) => Result(ListEntries(p, StorageKey.RegistryWorkerPrefix, WriteWorker))),
        new("veil_contracts", (p, _) => Result(ListEntries(p, StorageKey.ContractsPrefix, WriteContract))),
    ];

    public IReadOnlyList<RpcSubscription> Subscriptions =>
    [
        new("chain_subscribeNewHeads", "chain_unsubscribeNewHeads", "chain_newHead", (p, sink, ended) => Subscribe(_newHeads, sink, ended)),
        new("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads", "chain_finalizedHead", (p, sink, ended) => Subscribe(_finalizedHeads, sink, ended)),
        new("author_submitAndWatchExtrinsic", "author_unwatchExtrinsic", "author_extrinsicUpdate", SubmitAndWatch),
    ];

    private static ValueTask<RpcResult> Result(RpcResult result) => ValueTask.FromResult(result);

    private ValueTask Subscribe(ConcurrentDictionary<ISubscriptionSink, byte> set, ISubscriptionSink sink, CancellationToken ended)
    {
        set[sink] = 0;
        ended.Register(() => set.TryRemove(sink, out _));

        // The current head first, as Substrate does, so a subscriber needs no separate query.
        sink.TryNotify(RpcResult.Raw(ChainJson.SerializeHeader(_chain.Head, _ss58)));
        return ValueTask.CompletedTask;
    }

    private ValueTask SubmitAndWatch(RpcParams p, ISubscriptionSink sink, CancellationToken ended)
    {
        if (Upstream is not null)
        {
            return ForwardAndWatchAsync(p, sink, ended);
        }

        p.ExpectAtMost(1);
        var bytes = p.GetHex(0, "extrinsic");
        var hash = Blake2b.Hash256(bytes);

        // Watch before submitting: in instant mode the block can be sealed before Submit returns.
        if (!_watchers.TryAdd(hash, sink))
        {
            throw new RpcException(RpcErrorCodes.AlreadyImported, "Transaction Already Imported", "this extrinsic is already being watched");
        }

        ended.Register(() => _watchers.TryRemove(new KeyValuePair<Hash256, ISubscriptionSink>(hash, sink)));
        var check = _chain.Pool.Submit(bytes, out _);
        if (!check.IsValid)
        {
            _watchers.TryRemove(hash, out _);
            throw ToRpcError(check);
        }

        sink.TryNotify("ready");
        return ValueTask.CompletedTask;
    }

    private ValueTask<RpcResult> SubmitExtrinsic(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        var bytes = p.GetHex(0, "extrinsic");
        if (Upstream is not null)
        {
            return ForwardSubmitAsync(bytes, cancellationToken);
        }

        var check = _chain.Pool.Submit(bytes, out var extrinsic);
        if (!check.IsValid)
        {
            throw ToRpcError(check);
        }

        return Result(RpcResult.Hex(extrinsic!.Hash.ToArray()));
    }

    private static RpcException ToRpcError(TransactionCheck check) => check.Error switch
    {
        TransactionError.BadCall or TransactionError.TooLarge => new RpcException(RpcErrorCodes.BadFormat, "Extrinsic has invalid format", check.Message),
        TransactionError.AlreadyImported => new RpcException(RpcErrorCodes.AlreadyImported, "Transaction Already Imported", check.Message),
        TransactionError.PoolFull => new RpcException(RpcErrorCodes.ImmediatelyDropped, "Immediately Dropped", check.Message),
        _ => new RpcException(RpcErrorCodes.InvalidTransaction, "Invalid Transaction", $"{Describe(check.Error)}: {check.Message}"),
    };

    private static string Describe(TransactionError error) => error switch
    {
        TransactionError.BadSignature => "bad signature",
        TransactionError.StaleNonce => "stale nonce",
        TransactionError.FutureNonce => "future nonce",
        TransactionError.CannotPayFees => "insufficient balance",
        TransactionError.Outdated => "outdated",
        TransactionError.AncientBirthBlock => "ancient birth block",
        TransactionError.Unsigned => "unsigned",
        _ => "invalid",
    };

    private void OnBlockFinalized(FinalizedBlock finalized)
    {
        var header = finalized.Block.Header;
        if (!_newHeads.IsEmpty || !_finalizedHeads.IsEmpty)
        {
            var json = ChainJson.SerializeHeader(header, _ss58);
            foreach (var sink in _newHeads.Keys) sink.TryNotify(RpcResult.Raw(json));
            foreach (var sink in _finalizedHeads.Keys) sink.TryNotify(RpcResult.Raw(json));
        }

        if (_watchers.IsEmpty)
        {
            return;
        }

        var hash = header.Hash.ToString();
        foreach (var txHash in finalized.TransactionHashes)
        {
            if (_watchers.TryRemove(txHash, out var sink))
            {
                sink.TryNotify(RpcResult.FromWriter(w => { w.WriteStartObject(); w.WriteString("inBlock", hash); w.WriteEndObject(); }));
                sink.TryNotify(RpcResult.FromWriter(w => { w.WriteStartObject(); w.WriteString("finalized", hash); w.WriteEndObject(); }));
                sink.Complete();
            }
        }
    }

    private void OnTransactionDropped(DroppedTransaction dropped)
    {
        if (_watchers.TryRemove(dropped.Hash, out var sink))
        {
            sink.TryNotify("invalid");
            sink.Complete();
        }
    }

    private ValueTask<RpcResult> GetHeader(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        var header = ResolveHeader(p, 0);
        return Result(header is null ? RpcResult.Null : RpcResult.FromWriter(w => ChainJson.WriteHeader(w, header, _ss58)));
    }

    private ValueTask<RpcResult> GetBlock(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        var hash = ParseOptionalHash(p, 0, "hash") ?? _chain.Head.Hash;
        var block = _chain.Database.GetBlock(hash);
        if (block is null) return Result(RpcResult.Null);
        var proof = _chain.Database.GetFinalityProof(hash);
        return Result(RpcResult.FromWriter(w => ChainJson.WriteBlock(w, block, proof, _ss58)));
    }

    private ValueTask<RpcResult> GetBlockHash(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        if (!p.TryGet(0, "number", out var value))
        {
            return Result(_chain.Head.Hash.ToString());
        }

        uint number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var n))
        {
            number = n;
        }
        else if (value.ValueKind == JsonValueKind.String && value.GetString() is { } s && s.StartsWith("0x", StringComparison.Ordinal)
                 && uint.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            number = hex;
        }
        else
        {
            throw RpcException.InvalidParams("Invalid params: number must be a block number (u32) or a 0x-hex number");
        }

        var hash = _chain.Database.GetHash(number);
        return Result(hash is null ? RpcResult.Null : hash.Value.ToString());
    }

    private ValueTask<RpcResult> GetStorage(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(2);
        var key = p.GetHex(0, "key");
        var at = ParseOptionalHash(p, 1, "at");
        try
        {
            var value = _chain.GetStorage(key, at);
            return Result(value is null ? RpcResult.Null : RpcResult.Hex(value));
        }
        catch (KeyNotFoundException ex)
        {
            throw new RpcException(RpcErrorCodes.StateError, ex.Message);
        }
    }

    /// <summary>
    /// Substrate's shape {"at", "proof": [node…]}: for each key, the trie nodes from the state root down
    /// to it (or proving it absent), verifiable with Veil.Protocol.Proofs.StateProofVerifier.
    /// </summary>
    private ValueTask<RpcResult> GetReadProof(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(2);
        var keysElement = p.Get(0, "keys");
        if (keysElement.ValueKind != JsonValueKind.Array || keysElement.GetArrayLength() > MaxKeysPage)
        {
            throw RpcException.InvalidParams($"Invalid params: keys must be an array of at most {MaxKeysPage} 0x-hex storage keys");
        }

        var hash = ParseOptionalHash(p, 1, "at") ?? _chain.Head.Hash;
        var header = _chain.Database.GetHeader(hash) ?? throw new RpcException(RpcErrorCodes.StateError, $"unknown block {hash}");
        var nodes = new List<byte[]>();
        var seen = new HashSet<Hash256>();
        foreach (var keyElement in keysElement.EnumerateArray())
        {
            if (keyElement.ValueKind != JsonValueKind.String || !Hex.TryDecode(keyElement.GetString(), out var key, out var error))
            {
                throw RpcException.InvalidParams("Invalid params: every key must be a 0x-prefixed hex string");
            }

            foreach (var node in _chain.Trie.Prove(header.StateRoot, key).Nodes)
            {
                if (seen.Add(Blake2b.Hash256(node))) nodes.Add(node);
            }
        }

        return Result(RpcResult.FromWriter(w =>
        {
            w.WriteStartObject();
            w.WriteString("at", hash.ToString());
            w.WriteStartArray("proof");
            foreach (var node in nodes) RpcResult.Hex(node).WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private ValueTask<RpcResult> GetKeysPaged(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(4);
        var prefix = p.GetHex(0, "prefix");
        var count = p.GetUInt32(1, "count");
        if (count > MaxKeysPage)
        {
            throw new RpcException(RpcErrorCodes.InvalidCount, $"count {count} exceeds the page limit of {MaxKeysPage}");
        }

        var startKey = p.GetOptionalHex(2, "startKey");
        var at = ParseOptionalHash(p, 3, "at");
        if (at is not null && at != _chain.Head.Hash)
        {
            throw new RpcException(RpcErrorCodes.StateError, "state_getKeysPaged serves the finalized head only; omit 'at' or pass the head hash");
        }

        var keys = new List<byte[]>();
        foreach (var entry in _chain.Database.IterateState(prefix, startKey is { Length: > 0 } ? startKey : null))
        {
            if (keys.Count >= count) break;
            keys.Add(entry.Key);
        }

        return Result(RpcResult.FromWriter(w =>
        {
            w.WriteStartArray();
            foreach (var key in keys) RpcResult.Hex(key).WriteTo(w);
            w.WriteEndArray();
        }));
    }

    private ValueTask<RpcResult> AccountInfo(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        var account = ParseAccount(p, 0, "account");
        var info = _chain.GetAccount(account);
        return Result(RpcResult.FromWriter(w =>
        {
            w.WriteStartObject();
            w.WriteString("address", account.ToSs58(_ss58));
            w.WriteString("free", info.Free.ToString(CultureInfo.InvariantCulture));
            w.WriteString("reserved", info.Reserved.ToString(CultureInfo.InvariantCulture));
            w.WriteNumber("nonce", info.Nonce);
            w.WriteEndObject();
        }));
    }

    private ValueTask<RpcResult> GetFinalityProof(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        var hash = ParseOptionalHash(p, 0, "hash") ?? _chain.Head.Hash;
        var proof = _chain.Database.GetFinalityProof(hash);
        return Result(proof is null ? RpcResult.Null : RpcResult.Hex(proof.Encode()));
    }

    /// <summary>The queue messages delivered in a block (SCALE Vec&lt;QueueMessage&gt;), checkable against its messages root.</summary>
    private ValueTask<RpcResult> BlockMessages(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        var hash = ParseOptionalHash(p, 0, "hash") ?? _chain.Head.Hash;
        var messages = _chain.Database.GetEncodedMessages(hash);
        return Result(messages is null ? RpcResult.Null : RpcResult.Hex(messages));
    }

    /// <summary>All entries of a map at the head, each written by <paramref name="write"/> (corrupt ones skipped).</summary>
    private RpcResult ListEntries(RpcParams p, byte[] prefix, Func<byte[], Action<Utf8JsonWriter>?> write)
    {
        p.ExpectAtMost(0);
        var writers = new List<Action<Utf8JsonWriter>>();
        foreach (var entry in _chain.Database.IterateState(prefix, null))
        {
            if (writers.Count >= MaxKeysPage) break;
            if (write(entry.Value) is { } writer) writers.Add(writer);
        }

        return RpcResult.FromWriter(w =>
        {
            w.WriteStartArray();
            foreach (var writer in writers) writer(w);
            w.WriteEndArray();
        });
    }

    private Action<Utf8JsonWriter>? WriteWorker(byte[] bytes)
    {
        if (!WorkerInfo.TryDecode(bytes, out var info, out _)) return null;
        return w =>
        {
            w.WriteStartObject();
            w.WriteString("identityKey", info.IdentityKey.ToString());
            w.WriteString("ecdhKey", info.EcdhKey.ToString());
            w.WriteString("operator", info.Operator.ToSs58(_ss58));
            w.WriteString("measurement", info.Measurement.ToString());
            w.WriteString("role", info.Role == WorkerRole.Gatekeeper ? "gatekeeper" : "worker");
            w.WriteNumber("registeredAt", info.RegisteredAt);
            w.WriteNumber("attestedAt", info.AttestedAt);
            w.WriteEndObject();
        };
    }

    private Action<Utf8JsonWriter>? WriteContract(byte[] bytes)
    {
        if (!ContractInfo.TryDecode(bytes, out var info, out _)) return null;
        return w =>
        {
            w.WriteStartObject();
            w.WriteString("id", info.Id.ToString());
            w.WriteString("kind", info.Kind);
            w.WriteString("deployer", info.Deployer.ToSs58(_ss58));
            w.WriteStartArray("cluster");
            foreach (var worker in info.Cluster) w.WriteStringValue(worker.ToString());
            w.WriteEndArray();
            w.WriteNumber("deployedAt", info.DeployedAt);
            if (info.HasKeys)
            {
                w.WriteNumber("epoch", info.Epoch);
                w.WriteString("ecdhKey", info.EcdhKey.ToString());
                w.WriteString("signingKey", info.SigningKey.ToString());
            }
            else
            {
                w.WriteNull("ecdhKey");
            }

            w.WriteString("lockAccount", ContractLock.AccountOf(info.Id).ToSs58(_ss58));
            w.WriteEndObject();
        };
    }

    private ValueTask<RpcResult> TransactionStatus(RpcParams p, CancellationToken cancellationToken)
    {
        p.ExpectAtMost(1);
        var hash = ParseHash(p, 0, "hash");
        var location = _chain.Database.FindTransactionOutcome(hash);
        if (location is { } found)
        {
            var blockHash = _chain.Database.GetHash(found.Number)!.Value.ToString();
            return Result(RpcResult.FromWriter(w =>
            {
                w.WriteStartObject();
                w.WriteString("status", "finalized");
                w.WriteString("block", blockHash);
                w.WriteNumber("number", found.Number);
                w.WriteNumber("index", found.Index);
                w.WriteBoolean("success", found.Error is null);
                if (found.Error is not null) w.WriteString("error", found.Error);
                w.WriteEndObject();
            }));
        }

        return Result(_chain.Pool.Contains(hash) ? "ready" : "unknown");
    }

    private BlockHeader? ResolveHeader(RpcParams p, int index)
    {
        var hash = ParseOptionalHash(p, index, "hash");
        return hash is null ? _chain.Head : _chain.Database.GetHeader(hash.Value);
    }

    private static Hash256? ParseOptionalHash(RpcParams p, int index, string name)
        => p.TryGet(index, name, out _) ? ParseHash(p, index, name) : null;

    private static Hash256 ParseHash(RpcParams p, int index, string name)
    {
        var bytes = p.GetHex(index, name);
        return bytes.Length == Hash256.Size
            ? new Hash256(bytes)
            : throw RpcException.InvalidParams($"Invalid params: {name} must be a 32-byte hash, got {bytes.Length} bytes");
    }

    private static AccountId ParseAccount(RpcParams p, int index, string name)
    {
        var text = p.GetString(index, name);
        if (Ss58.TryDecode(text, out var account, out _, out var error))
        {
            return account;
        }

        if (Hex.TryDecode(text, out var bytes, out _) && bytes.Length == 32)
        {
            return new AccountId(bytes);
        }

        throw RpcException.InvalidParams($"Invalid params: {name} is not an SS58 address or 32-byte hex account id ({error})");
    }

    private void WriteRuntimeVersion(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("specName", RuntimeVersion.SpecName);
        w.WriteString("implName", RuntimeVersion.ImplName);
        w.WriteNumber("authoringVersion", 1);
        w.WriteNumber("specVersion", RuntimeVersion.SpecVersion);
        w.WriteNumber("implVersion", 1);
        w.WriteStartArray("apis");
        w.WriteEndArray();
        w.WriteNumber("transactionVersion", RuntimeVersion.TransactionVersion);
        w.WriteNumber("stateVersion", 1);
        w.WriteEndObject();
    }

    private void WriteProperties(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("ss58Format", _ss58);
        w.WriteNumber("tokenDecimals", ChainParameters.TokenDecimals);
        w.WriteString("tokenSymbol", _chain.Spec.TokenSymbol);
        w.WriteEndObject();
    }
}
