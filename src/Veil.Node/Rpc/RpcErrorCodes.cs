namespace Veil.Node.Rpc;

/// <summary>
/// Error codes the node's JSON-RPC server returns. The −32xxx codes are JSON-RPC 2.0's (§5.1) plus the
/// server-error range numbered as jsonrpsee, Substrate's RPC server, numbers them; the positive codes are
/// Substrate's sc-rpc-api codes, so polkadot.js and subxt recognise them, plus a Veil range from 8000.
/// </summary>
public static class RpcErrorCodes
{
    /// <summary>The body is not well-formed JSON, or nests deeper than the configured maximum depth.</summary>
    public const int ParseError = -32700;

    /// <summary>Well-formed JSON that is not a request: not an object, wrong "jsonrpc", missing "method", bad "id", empty batch.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>No such method on this server, or a subscription method called over plain HTTP.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>A parameter is missing, has the wrong type, or does not decode; the message names it.</summary>
    public const int InvalidParams = -32602;

    /// <summary>A handler failed unexpectedly. The details go to the node's log, never to the caller.</summary>
    public const int InternalError = -32603;

    /// <summary>The connection already holds the maximum number of subscriptions.</summary>
    public const int TooManySubscriptions = -32006;

    /// <summary>The request body or WebSocket message exceeds the configured size limit.</summary>
    public const int OversizedRequest = -32007;

    /// <summary>The response would exceed the configured size limit.</summary>
    public const int OversizedResponse = -32008;

    /// <summary>The server cannot take more work right now (e.g. too many WebSocket connections); retry later.</summary>
    public const int ServerBusy = -32009;

    /// <summary>A batch holds more requests than the configured maximum.</summary>
    public const int BatchTooLarge = -32010;

    /// <summary>author_*: the extrinsic bytes do not decode.</summary>
    public const int BadFormat = 1001;

    /// <summary>author_*: the extrinsic is invalid (bad signature, stale or future nonce, cannot pay fees); data says why.</summary>
    public const int InvalidTransaction = 1010;

    /// <summary>author_*: validity could not be determined, e.g. the state it refers to is unknown.</summary>
    public const int UnknownTransaction = 1011;

    /// <summary>author_*: the same extrinsic was recently rejected and is banned for a while.</summary>
    public const int TemporarilyBanned = 1012;

    /// <summary>author_*: the pool already holds this extrinsic.</summary>
    public const int AlreadyImported = 1013;

    /// <summary>author_*: an extrinsic with the same sender and nonce and a higher priority is already in the pool.</summary>
    public const int TooLowPriority = 1014;

    /// <summary>author_*: the pool is full, so the extrinsic was dropped immediately.</summary>
    public const int ImmediatelyDropped = 1016;

    /// <summary>system_*: the node is not healthy enough to answer (e.g. still syncing).</summary>
    public const int NotHealthy = 2001;

    /// <summary>chain_*: a chain query failed (e.g. an unknown block hash).</summary>
    public const int ChainError = 3000;

    /// <summary>state_*: the block range is invalid.</summary>
    public const int InvalidBlockRange = 4001;

    /// <summary>state_*: a count argument is out of range (e.g. state_getKeysPaged over its page limit).</summary>
    public const int InvalidCount = 4002;

    /// <summary>state_*: the state could not be read (unknown or pruned block).</summary>
    public const int StateError = 4003;

    /// <summary>veil_*: a confidential-contract call was rejected; data carries the reason.</summary>
    public const int ContractError = 8000;

    /// <summary>veil_*: no contract with that id is deployed.</summary>
    public const int UnknownContract = 8001;

    /// <summary>veil_*: the enclave side is not reachable or not attested.</summary>
    public const int EnclaveUnavailable = 8002;
}
