using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Calls;

namespace Veil.Chain.Runtime.Modules;

/// <summary>System: accounts and nonces (handled by the runtime itself) and <c>remark</c>.</summary>
public sealed class SystemModule : IRuntimeModule
{
    public byte Index => ModuleIndex.System;

    public string Name => "System";

    public bool IsKnownCall(byte call) => call == SystemCall.Remark;

    public DispatchError? Dispatch(in DispatchContext context, byte call, ref ScaleReader args)
    {
        var remark = args.ReadBytes();
        if (!args.TryFinish(out var error)) return DispatchError.Undecodable(Index, error);
        context.Block.Events.Remarked(context.ExtrinsicIndex, context.Signer, Blake2b.Hash256(remark));
        return null;
    }
}
