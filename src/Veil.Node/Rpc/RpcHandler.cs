namespace Veil.Node.Rpc;

/// <summary>
/// Answers one call. Return synchronously where possible (a completed ValueTask allocates nothing); throw
/// <see cref="RpcException"/> for a JSON-RPC error. <paramref name="cancellationToken"/> fires when the
/// HTTP request is aborted or the WebSocket closes.
/// </summary>
public delegate ValueTask<RpcResult> RpcHandler(RpcParams parameters, CancellationToken cancellationToken);
