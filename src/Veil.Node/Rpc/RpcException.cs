namespace Veil.Node.Rpc;

/// <summary>
/// Thrown by a handler to answer with a JSON-RPC error. The message and data reach the caller as they are,
/// so they must not contain secrets; any other exception becomes a bare "Internal error".
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(int code, string message, object? data = null)
        : base(message)
    {
        Code = code;
        ErrorData = data;
    }

    public int Code { get; }

    /// <summary>The error's "data" member: a string, number, bool, JsonNode or JsonElement, or any object System.Text.Json can serialise.</summary>
    public object? ErrorData { get; }

    public static RpcException InvalidParams(string message, object? data = null) => new(RpcErrorCodes.InvalidParams, message, data);
}
