using System.Net;
using System.Net.Sockets;
using Veil.Chain;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;
using Veil.Storage;

namespace Veil.Consensus.Raft.Tests;

/// <summary>
/// Three Raft validators in this process (//Alice, //Bob, //Charlie), each with its own RocksDB chain and
/// Raft log under a temporary directory, talking Raft over real TCP on 127.0.0.1; votes go by direct call.
/// </summary>
internal sealed class TestValidators : IAsyncDisposable, IValidatorChannel
{
    public static readonly string[] Names = ["Alice", "Bob", "Charlie"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "veil-raft-" + Guid.NewGuid().ToString("N"));
    private readonly Validator?[] _running;
    private readonly ValidatorPeer[] _members;
    private readonly Dictionary<string, Ed25519KeyPair> _keys = new(StringComparer.Ordinal);

    public TestValidators(TimeSpan? emptyBlockInterval = null)
    {
        EmptyBlockInterval = emptyBlockInterval;
        var accounts = new List<AccountId>();
        foreach (var name in Names) accounts.Add(Key(name).PublicKey);
        Spec = ChainSpec.Dev() with { Authorities = accounts };
        _members = new ValidatorPeer[Names.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            _members[i] = new ValidatorPeer(new IPEndPoint(IPAddress.Loopback, FreePort()), "test://" + Names[i]);
        }

        _running = new Validator?[Names.Length];
    }

    public ChainSpec Spec { get; }

    public TimeSpan? EmptyBlockInterval { get; }

    public IReadOnlyList<Validator?> Running => _running;

    public Ed25519KeyPair Key(string name)
    {
        lock (_keys)
        {
            if (!_keys.TryGetValue(name, out var key)) _keys[name] = key = KeyDerivation.FromUri("//" + name);
            return key;
        }
    }

    public async Task StartAllAsync()
    {
        for (var i = 0; i < Names.Length; i++) await StartAsync(i);
    }

    public async Task StartAsync(int index)
    {
        var directory = Path.Combine(_root, Names[index]);
        var store = RocksDbStore.Open(Path.Combine(directory, "chain"));
        var chain = ChainService.Open(Spec, store);
        var options = new RaftOptions
        {
            EndPoint = _members[index].RaftEndPoint,
            Members = _members,
            LogDirectory = Path.Combine(directory, "raft"),
            EmptyBlockInterval = EmptyBlockInterval,
        };
        var consensus = new RaftConsensus(chain, Key(Names[index]), options, this);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => consensus.RunAsync(stop.Token));
        _running[index] = new Validator(index, store, chain, consensus, stop, run);
        await consensus.Started.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Stops a validator (Raft, loop and database), as a killed process would stop answering.</summary>
    public async Task StopAsync(int index)
    {
        var validator = _running[index] ?? throw new InvalidOperationException($"{Names[index]} is not running");
        _running[index] = null;
        await validator.Stop.CancelAsync();
        try
        {
            await validator.Run;
        }
        catch (OperationCanceledException)
        {
        }

        await validator.Consensus.DisposeAsync();
        validator.Store.Dispose();
        validator.Stop.Dispose();
    }

    public async Task<Validator> WaitForLeaderAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            foreach (var validator in _running)
            {
                if (validator is not null && validator.Consensus.IsLeader) return validator;
            }

            await Task.Delay(10, deadline.Token);
        }
    }

    /// <summary>Waits until every running validator's head is at least <paramref name="number"/>.</summary>
    public async Task WaitForHeightAsync(uint number, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var all = true;
            foreach (var validator in _running)
            {
                if (validator is not null && validator.Chain.Head.Number < number) all = false;
            }

            if (all) return;
            await Task.Delay(20, deadline.Token);
        }
    }

    public byte[] Transfer(Validator signingView, string from, string to, UInt128 amount, uint nonce)
    {
        var key = Key(from);
        var context = signingView.Chain.SigningContext;
        return ExtrinsicCodec.EncodeSigned(key.PublicKey, BalancesCall.Transfer(Key(to).PublicKey, amount, false), default, nonce, 0, context, context.GenesisHash, key.Sign);
    }

    public async Task SendAsync(ValidatorPeer leader, FinalityVote vote, CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var validator in _running)
        {
            if (validator is not null && validator.Consensus.Self.RpcUrl == leader.RpcUrl)
            {
                validator.Consensus.SubmitVote(vote, out _);
                return;
            }
        }

        throw new IOException($"{leader.RpcUrl} is not running");
    }

    public async Task DisposeRunningAsync()
    {
        for (var i = 0; i < _running.Length; i++)
        {
            if (_running[i] is not null) await StopAsync(i);
        }
    }

    public async Task ForwardAsync(ValidatorPeer leader, IReadOnlyList<byte[]> extrinsics, CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var validator in _running)
        {
            if (validator is not null && validator.Consensus.Self.RpcUrl == leader.RpcUrl)
            {
                foreach (var extrinsic in extrinsics) validator.Chain.Pool.Submit(extrinsic, out _);
                return;
            }
        }

        throw new IOException($"{leader.RpcUrl} is not running");
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeRunningAsync();

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Reopens each validator's chain database (all stopped) and returns the block hash at every height.</summary>
    public List<Dictionary<uint, Hash256>> ReadHistories()
    {
        var histories = new List<Dictionary<uint, Hash256>>();
        foreach (var name in Names)
        {
            using var store = RocksDbStore.Open(Path.Combine(_root, name, "chain"));
            var chain = ChainService.Open(Spec, store);
            var history = new Dictionary<uint, Hash256>();
            for (uint n = 0; n <= chain.Head.Number; n++) history[n] = chain.Database.GetHash(n)!.Value;
            histories.Add(history);
        }

        return histories;
    }

    public string ChainDirectory(int index) => Path.Combine(_root, Names[index], "chain");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal sealed record Validator(int Index, RocksDbStore Store, ChainService Chain, RaftConsensus Consensus, CancellationTokenSource Stop, Task Run);
}
