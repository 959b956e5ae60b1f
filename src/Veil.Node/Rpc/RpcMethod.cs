namespace Veil.Node.Rpc;

/// <summary>One RPC method, declared as data: its name and its handler.</summary>
public sealed record RpcMethod(string Name, RpcHandler Handler);
