using Veil.Core.Scale;

namespace Veil.Chain.Runtime;

/// <summary>A runtime module ("pallet"): owns a storage prefix and a set of calls.</summary>
public interface IRuntimeModule
{
    byte Index { get; }

    string Name { get; }

    bool IsKnownCall(byte call);

    /// <summary>
    /// Runs a call whose fee is already paid. Returns null on success or why it failed; the caller rolls
    /// back the state, events and messages of a failed call. <paramref name="args"/> must be consumed exactly.
    /// </summary>
    DispatchError? Dispatch(in DispatchContext context, byte call, ref ScaleReader args);
}
