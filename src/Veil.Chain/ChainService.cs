using System.Diagnostics;
using Veil.Chain.Database;
using Veil.Chain.Pool;
using Veil.Chain.Runtime;
using Veil.Chain.Spec;
using Veil.Chain.State;
using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Accounts;
using Veil.Protocol.Blocks;
using Veil.Protocol.Proofs;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;
using Veil.State;
using Veil.Storage;

namespace Veil.Chain;

/// <summary>
/// The chain as a node holds it: database, runtime, pool and the finalized head. Block authoring and
/// import are serialised by one lock; reads (RPC) go to the database and never wait for it.
/// </summary>
public sealed partial class ChainService
{
    private readonly object _blockLock = new();
    private readonly StateTrie _trie;
    private readonly BlockExecutor _executor;
    private BlockHeader _head;

    private ChainService(ChainSpec spec, ChainDatabase database, StateTrie trie, BlockHeader head, Hash256 genesisHash)
    {
        Spec = spec;
        Database = database;
        _trie = trie;
        _head = head;
        GenesisHash = genesisHash;
        Runtime = new VeilRuntime(spec.Parameters, RuntimeModules.Create());
        _executor = new BlockExecutor(Runtime);
        SigningContext = new SigningContext(RuntimeVersion.SpecVersion, RuntimeVersion.TransactionVersion, genesisHash);
        Pool = new TransactionPool(Runtime, database, () => Head.Number + 1, n => n <= uint.MaxValue ? database.GetHash((uint)n) : null, SigningContext);
    }

    public ChainSpec Spec { get; }

    public ChainDatabase Database { get; }

    public VeilRuntime Runtime { get; }

    public TransactionPool Pool { get; }

    public Hash256 GenesisHash { get; }

    public SigningContext SigningContext { get; }

    public StateTrie Trie => _trie;

    /// <summary>The last finalized block's header (DevSeal and Raft finalize every block they commit).</summary>
    public BlockHeader Head => Volatile.Read(ref _head);

    /// <summary>Raised after each block is durably committed; handlers must be quick.</summary>
    public event Action<FinalizedBlock>? BlockFinalized;

    /// <summary>Raised for pool transactions that a block author found invalid and dropped.</summary>
    public event Action<DroppedTransaction>? TransactionDropped;

    /// <summary>Opens (or creates from the spec's genesis) the chain in <paramref name="store"/>.</summary>
    public static ChainService Open(ChainSpec spec, IKeyValueStore store)
    {
        var database = new ChainDatabase(store);
        var trie = new StateTrie(store);
        var genesis = BuildGenesis(spec, trie, out var genesisChanges, out var genesisBatch);
        var existing = database.Finalized;
        if (existing is null)
        {
            var proof = new FinalityProof(genesis.Header.Hash, 0, []);
            database.CommitBlock(genesis, proof, genesisChanges, [], [], genesisBatch, isGenesis: true, []);
            return new ChainService(spec, database, trie, genesis.Header, genesis.Header.Hash);
        }

        var storedGenesis = database.GenesisHash;
        if (storedGenesis != genesis.Header.Hash)
        {
            throw new ChainSpecException($"the data directory holds chain {storedGenesis} but the chain spec '{spec.Id}' has genesis {genesis.Header.Hash}; use another --data directory");
        }

        var head = database.GetHeader(existing.Value.Hash)
            ?? throw new InvalidDataException($"database is corrupt: finalized block {existing.Value.Hash} has no header");
        return new ChainService(spec, database, trie, head, genesis.Header.Hash);
    }

    /// <summary>Free, reserved and nonce of an account at the head.</summary>
    public AccountInfo GetAccount(AccountId account) => AccountStore.Get(Database, account);

    public UInt128 TotalIssuance => AccountStore.TotalIssuance(Database);

    /// <summary>
    /// Builds, executes, seals and commits the next block from the pool's ready transactions.
    /// Returns null when <paramref name="allowEmpty"/> is false and nothing is ready.
    /// </summary>
    public FinalizedBlock? ProduceBlock(Ed25519KeyPair authority, ulong timestampMs, bool allowEmpty)
    {
        lock (_blockLock)
        {
            var started = Stopwatch.GetTimestamp();
            var prepared = ProposeBlock(authority.PublicKey, timestampMs, allowEmpty);
            if (prepared is null)
            {
                return null;
            }

            // The single authority's own signature is the finality proof (DevSeal).
            var header = prepared.Header;
            var signature = authority.Sign(FinalityProof.SigningPayload(GenesisHash, header.Number, header.Hash));
            var proof = new FinalityProof(header.Hash, header.Number, [new AuthoritySignature(authority.PublicKey, signature)]);
            return Commit(prepared, proof, started);
        }
    }

    /// <summary>
    /// Removes mortal transactions whose era ended while they waited in the pool: their signatures name a
    /// birth block that is no longer the one this block would check, so they must not be included.
    /// Later nonces of the same sender stay in the pool (the executor sees the gap).
    /// </summary>
    private void DropExpired(List<Extrinsic> candidates, uint number)
    {
        List<Extrinsic>? expired = null;
        candidates.RemoveAll(extrinsic =>
        {
            if (extrinsic.Era.IsImmortal || !Pool.HasExpired(extrinsic, number, out var death))
            {
                return false;
            }

            (expired ??= []).Add(extrinsic);
            TransactionDropped?.Invoke(new DroppedTransaction(extrinsic.Hash, $"transaction era ended at block {death}"));
            return true;
        });

        if (expired is not null)
        {
            Pool.Remove(expired);
        }
    }

    /// <summary>The value of a storage key at a block's state root (null when absent).</summary>
    public byte[]? GetStorage(byte[] key, Hash256? blockHash)
    {
        if (blockHash is null || blockHash == Head.Hash)
        {
            return Database.TryGet(key, out var latest) ? latest : null;
        }

        var header = Database.GetHeader(blockHash.Value) ?? throw new KeyNotFoundException($"unknown block {blockHash}");
        return _trie.TryGet(header.StateRoot, key, out var value) ? value : null;
    }

    private static Block BuildGenesis(ChainSpec spec, StateTrie trie, out List<KeyValuePair<byte[], byte[]?>> changes, out WriteBatch batch)
    {
        var overlay = new StateOverlay(EmptyState.Instance);
        UInt128 total = 0;
        foreach (var (account, amount) in spec.Balances)
        {
            var key = StorageKey.SystemAccount(account);
            var info = AccountStore.Get(overlay, key);
            info.Free += amount;
            info.Providers = 1;
            info.Flags = AccountInfo.NewLogicFlag;
            AccountStore.Set(overlay, key, info);
            total += amount;
        }

        AccountStore.SetTotalIssuance(overlay, total);
        GenesisConfig.Write(overlay, spec);
        overlay.Set(StorageKey.SystemNumber, new byte[4]);
        overlay.Commit();
        changes = overlay.SortedChanges();
        batch = new WriteBatch(changes.Count * 3);
        var stateRoot = trie.Apply(StateTrie.EmptyRoot, ToTrieChanges(changes), batch);
        var header = new BlockHeader(Hash256.Zero, 0, stateRoot, MerkleList.Root([]), MerkleList.Root([]), 0, default);
        return new Block(header, []);
    }

    private static List<(byte[] Key, byte[]? Value)> ToTrieChanges(List<KeyValuePair<byte[], byte[]?>> changes)
    {
        var list = new List<(byte[], byte[]?)>(changes.Count);
        foreach (var change in changes) list.Add((change.Key, change.Value));
        return list;
    }

    private sealed class EmptyState : IStateReader
    {
        public static readonly EmptyState Instance = new();

        public bool TryGet(ReadOnlySpan<byte> key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out byte[] value)
        {
            value = [];
            return false;
        }
    }
}
