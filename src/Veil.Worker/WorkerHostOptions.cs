using Veil.Core;
using Veil.Protocol.Registry;

namespace Veil.Worker;

/// <summary>How to run a worker or gatekeeper host.</summary>
public sealed record WorkerHostOptions
{
    /// <summary>Directory for the platform secret and the sealed keys; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The node's JSON-RPC WebSocket (or http) URL.</summary>
    public string NodeUrl { get; init; } = "ws://127.0.0.1:9944";

    /// <summary>Secret URI of the operator account that signs registration and relay extrinsics.</summary>
    public required string OperatorUri { get; init; }

    public WorkerRole Role { get; init; } = WorkerRole.Worker;

    /// <summary>HTTP port on 127.0.0.1 for /info, /health and /metrics (0 picks a free one).</summary>
    public int HttpPort { get; init; }

    /// <summary>Most finalized blocks handed to the enclave in one ProcessBlocks call.</summary>
    public int MaxBlocksPerBatch { get; init; } = 64;

    /// <summary>
    /// The finality authorities the enclave's light client trusts. When null the host trusts the signers of
    /// block #1's finality proof (trust on first use: fine for dev chains, where the host also runs the node;
    /// a production deployment passes the set from the chain spec).
    /// </summary>
    public IReadOnlyList<AccountId>? Authorities { get; init; }

    /// <summary>Distinct authority signatures a finality proof needs; all of <see cref="Authorities"/> when null.</summary>
    public int? FinalityThreshold { get; init; }

    /// <summary>How long registration may wait for its extrinsic to be finalized.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
