using Microsoft.Extensions.Logging;
using Veil.Chain;
using Veil.Consensus.Raft;
using Veil.Crypto.Derivation;
using Veil.Node.Chain;
using Veil.Node.Follow;
using Veil.Node.Metrics;
using Veil.Node.Rpc;
using Veil.Node.Validator;
using Veil.Storage;

namespace Veil.Node;

/// <summary>
/// A Raft validator (<see cref="NodeOptions.Validator"/>): the same chain, RPC and metrics, with
/// <see cref="RaftConsensus"/> in place of DevSeal. Transactions submitted to a follower are forwarded to
/// the leader's RPC; followers' finality votes reach the leader through <c>veil_raftVote</c>.
/// </summary>
public sealed partial class VeilNode
{
    /// <summary>The Raft engine when this node is a validator, else null.</summary>
    public RaftConsensus? Raft { get; private set; }

    private static async Task<VeilNode> StartValidatorAsync(NodeOptions options, ILoggerFactory loggers, RocksDbStore store, ChainService chain, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("veil.node");
        var validator = options.Validator!;
        if (!KeyDerivation.TryFromUri(options.AuthorityUri, out var authority, out var keyError))
        {
            store.Dispose();
            throw new ArgumentException($"authority key: {keyError}", nameof(options));
        }

        // Raft's heartbeats and votes ride on thread-pool callbacks; with 2 cores the pool starts with 2 threads,
        // and RPC admission (signature checks) and block execution kept them busy long enough to miss heartbeats
        // and force elections under load. More ready threads keep Raft's timing independent of that work.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completions, 32));

        RaftConsensus? raft = null;
        var channel = new RpcVoteChannel();
        var metrics = new MetricsRegistry();
        RegisterMetrics(metrics, chain);
        var chainRpc = new ChainRpc(chain) { UpstreamSelector = () => LeaderUpstream(raft, channel) };
        RpcMethod[] raftMethods =
        [
            new("veil_raftVote", (p, _) => ValueTask.FromResult(SubmitVote(raft, p))),
            new("veil_raftStatus", (_, _) => ValueTask.FromResult(Status(raft, chain))),
        ];
        RpcServer rpc;
        try
        {
            rpc = await RpcServer.StartAsync(new RpcServerOptions { Port = options.RpcPort }, [.. chainRpc.Methods, .. raftMethods], chainRpc.Subscriptions, metrics, loggers.CreateLogger("veil.rpc"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            authority.Dispose();
            await channel.DisposeAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }

        var raftOptions = new RaftOptions
        {
            EndPoint = validator.RaftEndPoint,
            Members = validator.Members($"ws://127.0.0.1:{rpc.BoundPort}"),
            LogDirectory = Path.Combine(options.DataDirectory, "raft"),
            EmptyBlockInterval = validator.EmptyBlockInterval,
        };
        try
        {
            raft = new RaftConsensus(chain, authority, raftOptions, channel, TimeProvider.System, loggers.CreateLogger("veil.raft"));
        }
        catch
        {
            authority.Dispose();
            await channel.DisposeAsync().ConfigureAwait(false);
            await rpc.DisposeAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }

        metrics.AddCallbackGauge("veil_raft_leader", "1 while this validator leads the Raft cluster", () => raft.IsLeader ? 1 : 0);
        var node = new VeilNode(store, chain, rpc, logger) { Raft = raft };
        node._consensus = Task.Run(async () =>
        {
            try
            {
                await raft.RunAsync(node._stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                await raft.DisposeAsync().ConfigureAwait(false);
                await channel.DisposeAsync().ConfigureAwait(false);
                authority.Dispose();
            }
        });
        logger.LogInformation("validator {Authority} of chain '{Chain}' genesis {Genesis}; finalized head #{Number} {Hash}; Raft on {Raft} with {Count} member(s)", authority.PublicKey, chain.Spec.Name, chain.GenesisHash, chain.Head.Number, chain.Head.Hash, validator.RaftEndPoint, raftOptions.Members.Count);
        logger.LogInformation("JSON-RPC on {Http} and {Ws}; metrics on {Http}metrics", rpc.HttpUri, rpc.WebSocketUri, rpc.HttpUri);
        return node;
    }

    // Transactions go to the leader; the leader keeps them. During an election there is nowhere to send them.
    private static UpstreamNode? LeaderUpstream(RaftConsensus? raft, RpcVoteChannel channel)
    {
        if (raft is null || raft.IsLeader)
        {
            return null;
        }

        return raft.Leader is { } leader
            ? channel.Connection(leader)
            : throw new RpcException(RpcErrorCodes.ServerBusy, "No Raft leader", "the validators are electing a leader; retry in a second");
    }

    private static RpcResult SubmitVote(RaftConsensus? raft, RpcParams p)
    {
        p.ExpectAtMost(1);
        var bytes = p.GetHex(0, "vote");
        if (raft is null)
        {
            throw new RpcException(RpcErrorCodes.ServerBusy, "Validator starting", "Raft is not running yet");
        }

        if (!FinalityVote.TryDecode(bytes, out var vote, out var decodeError))
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "Invalid vote", decodeError);
        }

        return raft.SubmitVote(vote, out var error) ? true : throw new RpcException(RpcErrorCodes.InvalidParams, "Vote refused", error);
    }

    private static RpcResult Status(RaftConsensus? raft, ChainService chain) => RpcResult.FromWriter(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("isLeader", raft?.IsLeader ?? false);
        if (raft?.Leader is { } leader)
        {
            w.WriteString("leaderRaft", leader.RaftEndPoint.ToString());
            w.WriteString("leaderRpc", leader.RpcUrl);
        }
        else
        {
            w.WriteNull("leaderRaft");
            w.WriteNull("leaderRpc");
        }

        w.WriteNumber("finalizedNumber", chain.Head.Number);
        w.WriteString("finalizedHash", chain.Head.Hash.ToString());
        w.WriteEndObject();
    });
}
