using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Veil.Chain;
using Veil.Chain.Consensus;
using Veil.Chain.Import;
using Veil.Crypto;
using Veil.Protocol.Blocks;

namespace Veil.Consensus.Raft;

/// <summary>
/// Raft consensus over the chain spec's authorities (DESIGN §3), on DotNext.Net.Cluster. The leader builds
/// a block from its pool and replicates it as a <see cref="RaftEntryKind.Proposal"/> entry. When a proposal
/// is committed, every validator re-executes it, checks its roots and signs (genesis, number, block hash);
/// the first valid committed proposal at a height is the only one anyone signs, so two blocks at one
/// height can never both gather a majority. Followers send their <see cref="FinalityVote"/> to the leader,
/// which replicates a <see cref="RaftEntryKind.Finalize"/> entry carrying a majority's signatures; applying
/// it commits the block on every validator with that proof. Finality is therefore exactly "a majority
/// signed", which the enclave's light client and full nodes check with <see cref="FinalityCheck"/>.
/// </summary>
public sealed partial class RaftConsensus : IConsensus, IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(2);

    // Transactions moved from a former leader's pool to the new leader per round (one JSON-RPC batch).
    private const int MaxForwardBatch = 2_000;

    private readonly ChainService _chain;
    private readonly Ed25519KeyPair _authority;
    private readonly RaftOptions _options;
    private readonly IValidatorChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _raftLoggers;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ValidatorPeer _self;
    private RaftCluster? _cluster;
    private WriteAheadLog? _log;
    private long _lastBlockAt;

    public RaftConsensus(ChainService chain, Ed25519KeyPair authority, RaftOptions options, IValidatorChannel channel, TimeProvider? time = null, ILogger? logger = null, ILoggerFactory? raftLoggers = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channel);
        var known = false;
        foreach (var account in chain.Spec.Authorities) known |= account == authority.PublicKey;
        if (!known)
        {
            throw new ArgumentException($"{authority.PublicKey} is not an authority of chain '{chain.Spec.Id}'.", nameof(authority));
        }

        _self = FindMember(options, options.EndPoint)
            ?? throw new ArgumentException($"this validator's Raft address {options.EndPoint} is not among the cluster members", nameof(options));
        if (options.Members.Count > chain.Spec.Authorities.Count)
        {
            throw new ArgumentException($"{options.Members.Count} Raft members but only {chain.Spec.Authorities.Count} authorities in the chain spec", nameof(options));
        }

        _chain = chain;
        _authority = authority;
        _options = options;
        _channel = channel;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _raftLoggers = raftLoggers ?? NullLoggerFactory.Instance;
        _lastBlockAt = _time.GetTimestamp();
        _chain.Pool.Admitted += _ => Signal();
    }

    public string Name => "Raft";

    /// <summary>True while this validator leads the cluster.</summary>
    public bool IsLeader => _cluster?.Leader is { IsRemote: false };

    /// <summary>The current leader as this validator knows it (null during an election).</summary>
    public ValidatorPeer? Leader => _cluster?.Leader is { } leader ? FindMember(_options, leader.EndPoint) : null;

    /// <summary>This validator's own entry in the member list.</summary>
    public ValidatorPeer Self => _self;

    /// <summary>Raised once Raft is up and listening.</summary>
    public Task Started => _started.Task;

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.LogDirectory);
        _log = new WriteAheadLog(new WriteAheadLog.Options { Location = _options.LogDirectory }, new ChainStateMachine(this, _logger));
        var configuration = new RaftCluster.TcpConfiguration(_options.EndPoint)
        {
            // Null selects the built-in in-memory membership store; the members come from the options on every start.
            ConfigurationStorage = null!,
            LowerElectionTimeout = _options.LowerElectionTimeoutMs,
            UpperElectionTimeout = _options.UpperElectionTimeoutMs,
            ColdStart = false,
            LoggerFactory = _raftLoggers,
        };
        var members = ((InMemoryClusterConfigurationStorage<EndPoint>)configuration.ConfigurationStorage).CreateInitialConfigurationBuilder();
        foreach (var member in _options.Members) members.Add(member.RaftEndPoint);
        members.Build();
        _cluster = new RaftCluster(configuration) { AuditTrail = _log };
        _cluster.LeaderChanged += (_, leader) =>
        {
            _logger.LogInformation("Raft leader: {Leader}", leader is null ? "(election)" : leader.EndPoint);
            Signal();
        };
        using var stopChain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chainThread = new Thread(() => ProcessCommitted(stopChain.Token)) { IsBackground = true, Name = "veil-raft-chain" };
        chainThread.Start();
        try
        {
            await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
            _started.TrySetResult();
            _logger.LogInformation("Raft validator {Authority} on {EndPoint} with {Count} member(s); log in {Directory}", _authority.PublicKey, _options.EndPoint, _options.Members.Count, _options.LogDirectory);
            await LoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _started.TrySetCanceled(CancellationToken.None);

            // The chain thread stops first (a block mid-commit finishes; its batch is atomic). Completing the
            // queue releases a WAL apply waiting on it, so stopping Raft cannot hang; what was not applied is
            // replayed from the log on the next start.
            _committed.Writer.TryComplete();
            await stopChain.CancelAsync().ConfigureAwait(false);
            chainThread.Join();
            await StopRaftAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Gives up leadership (an operator's hand-over, or a test's); another validator is elected.</summary>
    public async Task<bool> ResignAsync(CancellationToken cancellationToken)
        => _cluster is DotNext.Net.Cluster.ICluster cluster && await cluster.ResignAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await StopRaftAsync().ConfigureAwait(false);
        _signal.Dispose();
    }

    private async Task StopRaftAsync()
    {
        if (Interlocked.Exchange(ref _cluster, null) is { } cluster)
        {
            try
            {
                await cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogDebug(ex, "Raft stop");
            }

            cluster.Dispose();
        }

        if (Interlocked.Exchange(ref _log, null) is { } log)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(Tick, cancellationToken).ConfigureAwait(false);
                if (IsLeader)
                {
                    await LeadAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await SendVoteAsync(cancellationToken).ConfigureAwait(false);
                    await ForwardPoolAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Lost leadership, a timed-out round or an unreachable leader: the next tick retries.
                _logger.LogDebug(ex, "Raft round did not complete");
            }
        }
    }

    // One leader step: finalize the pending candidate once a majority signed it, else propose the next block.
    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("Raft is not running");
        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        round.CancelAfter(RoundTimeout);

        // Everything committed so far (a predecessor's proposal included) is applied before deciding.
        await cluster.ApplyReadBarrierAsync(round.Token).ConfigureAwait(false);
        await WaitForChainAsync(round.Token).ConfigureAwait(false);
        var candidate = Candidate;
        if (candidate is not null)
        {
            if (TryBuildProof(candidate) is { } proof)
            {
                await cluster.ReplicateAsync(RaftEntry.Finalize(proof), null, round.Token).ConfigureAwait(false);
                await PushCommitAsync(cluster, round.Token).ConfigureAwait(false);
                Signal();
            }

            return;
        }

        var pending = _chain.Pool.Count > 0;
        var emptyDue = _options.EmptyBlockInterval is { } interval && _time.GetElapsedTime(Volatile.Read(ref _lastBlockAt)) >= interval;
        if (!pending && !emptyDue)
        {
            return;
        }

        var prepared = _chain.ProposeBlock(_authority.PublicKey, (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds(), allowEmpty: emptyDue);
        if (prepared is null)
        {
            return;
        }

        await cluster.ReplicateAsync(RaftEntry.Proposal(prepared.Block), new PreparedBlockContext(prepared), round.Token).ConfigureAwait(false);
        await PushCommitAsync(cluster, round.Token).ConfigureAwait(false);
        Signal();
    }

    // A validator that stopped leading may still hold transactions it accepted as leader; nobody else would
    // include them, so they go to the new leader (and leave this pool once they reached it).
    private async Task ForwardPoolAsync(CancellationToken cancellationToken)
    {
        if (_chain.Pool.Count == 0 || Leader is not { } leader || leader == _self)
        {
            return;
        }

        var ready = _chain.Pool.TakeReady(MaxForwardBatch);
        if (ready.Count == 0)
        {
            return;
        }

        var encoded = new List<byte[]>(ready.Count);
        foreach (var extrinsic in ready) encoded.Add(extrinsic.Encoded);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RoundTimeout);
        await _channel.ForwardAsync(leader, encoded, timeout.Token).ConfigureAwait(false);
        _chain.Pool.Remove(ready);
        _logger.LogInformation("forwarded {Count} pooled transaction(s) to the leader {Leader}", ready.Count, leader.RaftEndPoint);
    }

    // Followers learn a new commit index with the next heartbeat (~150 ms away); push it now so they apply
    // (and vote, or commit) at once.
    private static async Task PushCommitAsync(RaftCluster cluster, CancellationToken cancellationToken)
    {
        await cluster.ForceReplicationAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread signalled first; one wake-up is enough.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private static ValidatorPeer? FindMember(RaftOptions options, EndPoint endPoint)
    {
        foreach (var member in options.Members)
        {
            if (member.RaftEndPoint.Equals(endPoint)) return member;
        }

        return null;
    }
}
