using Veil.Core;

namespace Veil.Contracts.Runtime;

/// <summary>
/// What a query may see: read-only, gas-metered state access. No write path exists here, so a query
/// cannot change state whatever its bytes are.
/// </summary>
public sealed class QueryContext
{
    private readonly ContractState _state;

    internal QueryContext(Hash256 contractId, ContractState state, GasMeter gas)
    {
        ContractId = contractId;
        _state = state;
        Gas = gas;
    }

    public Hash256 ContractId { get; }

    public GasMeter Gas { get; }

    /// <summary>Reads a key; false when it is absent or gas ran out (check <see cref="GasMeter.IsExhausted"/>).</summary>
    public bool TryRead(byte[] key, out ReadOnlySpan<byte> value)
        => _state.TryReadMetered(key, Gas, out value);
}
