using Veil.Chain.Consensus;

namespace Veil.Node;

/// <summary>How to run a chain node.</summary>
public sealed record NodeOptions
{
    /// <summary>"dev" or a chain spec JSON file.</summary>
    public string Chain { get; init; } = "dev";

    /// <summary>A spec built in code (benchmarks, tests); overrides <see cref="Chain"/>.</summary>
    public Veil.Chain.Spec.ChainSpec? Spec { get; init; }

    public required string DataDirectory { get; init; }

    /// <summary>RPC port on 127.0.0.1 (0 picks a free one).</summary>
    public int RpcPort { get; init; } = 9944;

    /// <summary>Secret URI of the authority key that seals blocks (DevSeal).</summary>
    public string AuthorityUri { get; init; } = "//Alice";

    public DevSealOptions Seal { get; init; } = DevSealOptions.Default;

    /// <summary>
    /// When set, a full node: it seals nothing, imports (verifying and re-executing) every finalized block
    /// of the node at this WebSocket RPC URL, and forwards submitted transactions to it.
    /// </summary>
    public string? FollowUrl { get; init; }

    public Veil.Chain.Import.ChainFollowerOptions Follow { get; init; } = Veil.Chain.Import.ChainFollowerOptions.Default;

    /// <summary>
    /// When set, a Raft validator: <see cref="AuthorityUri"/> signs finality votes, blocks are proposed by the
    /// elected leader and final once a majority of the spec's authorities signed them.
    /// </summary>
    public Veil.Node.Validator.ValidatorOptions? Validator { get; init; }
}
