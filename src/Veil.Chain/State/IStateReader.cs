using System.Diagnostics.CodeAnalysis;

namespace Veil.Chain.State;

/// <summary>Read access to chain state at some point (committed head, or head plus pending changes).</summary>
public interface IStateReader
{
    bool TryGet(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] value);
}
