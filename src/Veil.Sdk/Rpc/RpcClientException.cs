namespace Veil.Sdk.Rpc;

/// <summary>An error answered by the node (JSON-RPC error object) or a transport failure.</summary>
public sealed class RpcClientException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
