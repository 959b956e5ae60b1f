namespace Veil.Node.Rpc;

/// <summary>A JSON-RPC error object as the server will write it; Code 0 means "no error".</summary>
internal readonly record struct RpcError(int Code, string Message, object? Data = null)
{
    public bool IsSet => Code != 0;
}
