using Veil.Chain.Runtime;
using Veil.Chain.State;
using Veil.Core;
using Veil.Protocol.Transactions;

namespace Veil.Chain.Pool;

/// <summary>
/// Validated transactions waiting for a block. Admission decodes, bounds the size, verifies the
/// Ed25519 signature (outside the lock, so concurrent submitters use every core) and checks nonce
/// window and fees against the head state. Blocks take, per sender, the run of consecutive nonces
/// starting at the account's next nonce.
/// </summary>
public sealed class TransactionPool
{
    private readonly object _lock = new();
    private readonly VeilRuntime _runtime;
    private readonly IStateReader _head;
    private readonly Func<uint> _nextBlockNumber;
    private readonly Func<ulong, Hash256?> _blockHash;
    private readonly SigningContext _context;
    private readonly int _capacity;
    private readonly Dictionary<AccountId, SortedList<uint, Extrinsic>> _bySender = [];
    private readonly HashSet<Hash256> _known = [];

    // First block in which each pooled mortal transaction is no longer valid. Block authoring does not
    // re-verify signatures, so without this a transaction waiting (e.g. behind a nonce gap) past its era
    // would still be included.
    private readonly Dictionary<Hash256, ulong> _mortalDeaths = [];
    private int _count;

    public TransactionPool(VeilRuntime runtime, IStateReader head, Func<uint> nextBlockNumber, Func<ulong, Hash256?> blockHash, SigningContext context, int capacity = 250_000)
    {
        _runtime = runtime;
        _head = head;
        _nextBlockNumber = nextBlockNumber;
        _blockHash = blockHash;
        _context = context;
        _capacity = capacity;
    }

    /// <summary>Raised (outside the lock) after a transaction enters the pool.</summary>
    public event Action<Extrinsic>? Admitted;

    public int Count => Volatile.Read(ref _count);

    public TransactionCheck Submit(byte[] encoded, out Extrinsic? extrinsic)
    {
        extrinsic = null;
        if (encoded.Length > ExtrinsicCodec.MaxEncodedLength)
        {
            return TransactionCheck.Invalid(TransactionError.TooLarge, $"extrinsic is {encoded.Length} bytes; the limit is {ExtrinsicCodec.MaxEncodedLength}");
        }

        if (!ExtrinsicCodec.TryDecode(encoded, out var decoded, out var decodeError))
        {
            return TransactionCheck.Invalid(TransactionError.BadCall, decodeError);
        }

        if (!decoded.IsSigned)
        {
            return TransactionCheck.Invalid(TransactionError.Unsigned, "unsigned transactions are not accepted");
        }

        lock (_lock)
        {
            if (_known.Contains(decoded.Hash))
            {
                return TransactionCheck.Invalid(TransactionError.AlreadyImported, "transaction is already in the pool");
            }
        }

        var number = _nextBlockNumber();
        var check = _runtime.Check(_head, decoded, number, exactNonce: false);
        if (!check.IsValid)
        {
            return check;
        }

        var eraBlockHash = decoded.Era.IsImmortal ? _context.GenesisHash : _blockHash(decoded.Era.Birth(number));
        if (eraBlockHash is null)
        {
            return TransactionCheck.Invalid(TransactionError.AncientBirthBlock, "era birth block is unknown");
        }

        if (!ExtrinsicCodec.VerifySignature(decoded, _context, eraBlockHash.Value))
        {
            return TransactionCheck.Invalid(TransactionError.BadSignature, "bad signature: it does not verify for this signer, call, nonce and chain");
        }

        lock (_lock)
        {
            if (_count >= _capacity)
            {
                return TransactionCheck.Invalid(TransactionError.PoolFull, $"transaction pool is full ({_capacity} transactions)");
            }

            if (!_bySender.TryGetValue(decoded.Signer, out var queue))
            {
                queue = [];
                _bySender[decoded.Signer] = queue;
            }

            if (queue.ContainsKey(decoded.Nonce) || !_known.Add(decoded.Hash))
            {
                return TransactionCheck.Invalid(TransactionError.AlreadyImported, $"a transaction with nonce {decoded.Nonce} from this sender is already in the pool");
            }

            queue.Add(decoded.Nonce, decoded);
            if (!decoded.Era.IsImmortal)
            {
                _mortalDeaths[decoded.Hash] = decoded.Era.Death(number);
            }

            _count++;
        }

        extrinsic = decoded;
        Admitted?.Invoke(decoded);
        return TransactionCheck.Valid;
    }

    /// <summary>Up to <paramref name="max"/> ready transactions: per sender, consecutive nonces from the account's next.</summary>
    public List<Extrinsic> TakeReady(int max)
    {
        var ready = new List<Extrinsic>(Math.Min(max, Math.Max(Count, 16)));
        lock (_lock)
        {
            foreach (var (sender, queue) in _bySender)
            {
                if (ready.Count >= max) break;
                var expected = AccountStore.Get(_head, sender).Nonce;
                var keys = queue.Keys;
                var values = queue.Values;
                var start = queue.IndexOfKey(expected);
                if (start < 0) continue;
                for (var i = start; i < keys.Count && ready.Count < max && keys[i] == expected; i++, expected++)
                {
                    ready.Add(values[i]);
                }
            }
        }

        return ready;
    }

    /// <summary>Drops the given transactions (included in a block, or found invalid) and any that became stale.</summary>
    public void Remove(IEnumerable<Extrinsic> extrinsics)
    {
        lock (_lock)
        {
            var touched = new HashSet<AccountId>();
            foreach (var extrinsic in extrinsics)
            {
                if (_bySender.TryGetValue(extrinsic.Signer, out var queue) && queue.TryGetValue(extrinsic.Nonce, out var pooled) && pooled.Hash == extrinsic.Hash)
                {
                    queue.Remove(extrinsic.Nonce);
                    _known.Remove(extrinsic.Hash);
                    _mortalDeaths.Remove(extrinsic.Hash);
                    _count--;
                }

                touched.Add(extrinsic.Signer);
            }

            foreach (var sender in touched)
            {
                if (!_bySender.TryGetValue(sender, out var queue)) continue;
                var next = AccountStore.Get(_head, sender).Nonce;
                while (queue.Count > 0 && queue.Keys[0] < next)
                {
                    _known.Remove(queue.Values[0].Hash);
                    _mortalDeaths.Remove(queue.Values[0].Hash);
                    queue.RemoveAt(0);
                    _count--;
                }

                if (queue.Count == 0) _bySender.Remove(sender);
            }
        }
    }

    /// <summary>The nonce a sender's next transaction should use: after its consecutive pooled ones.</summary>
    public uint NextNonce(AccountId sender)
    {
        var next = AccountStore.Get(_head, sender).Nonce;
        lock (_lock)
        {
            if (_bySender.TryGetValue(sender, out var queue))
            {
                while (queue.ContainsKey(next)) next++;
            }
        }

        return next;
    }

    /// <summary>
    /// True when <paramref name="extrinsic"/> is mortal and its era, as signed when it was admitted, has
    /// ended by block <paramref name="blockNumber"/>.
    /// </summary>
    public bool HasExpired(Extrinsic extrinsic, uint blockNumber, out ulong death)
    {
        lock (_lock)
        {
            return _mortalDeaths.TryGetValue(extrinsic.Hash, out death) && blockNumber >= death;
        }
    }

    public bool Contains(Hash256 hash)
    {
        lock (_lock)
        {
            return _known.Contains(hash);
        }
    }
}
