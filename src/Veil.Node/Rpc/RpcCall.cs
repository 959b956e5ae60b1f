using System.Text.Json;

namespace Veil.Node.Rpc;

/// <summary>One request of a message while it is in flight; kept in a pooled array for batches.</summary>
internal struct RpcCall
{
    /// <summary>The request's id, or Undefined when it had none (written as null in an error response).</summary>
    public JsonElement Id;

    /// <summary>False for a valid notification, which gets no response even when it fails.</summary>
    public bool Respond;

    public RpcMethodEntry? Entry;

    public ValueTask<RpcResult> Pending;

    public bool HasPending;

    public RpcResult Result;

    public RpcError Error;
}
