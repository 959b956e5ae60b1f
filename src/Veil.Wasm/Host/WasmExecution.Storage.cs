namespace Veil.Wasm.Host;

/// <summary>
/// Contract storage on top of the contract's <see cref="Veil.Contracts.Runtime.ContractState"/>, metered
/// through the contract context. pallet-contracts keeps fixed 32-byte keys (seal0) and variable keys
/// (seal1/seal2) in different slots (it hashes them differently), so they get different prefixes here:
/// <c>0x00 ‖ key[32]</c> and <c>0x01 ‖ key</c>. <c>0xFF ‖ name</c> is the host's own bookkeeping, which
/// no contract key can reach.
/// </summary>
internal sealed partial class WasmExecution
{
    public const byte FixedKeyPrefix = 0x00;
    public const byte VariableKeyPrefix = 0x01;
    public const byte HostKeyPrefix = 0xFF;

    public static byte[] StateKey(byte prefix, ReadOnlySpan<byte> key)
    {
        var stateKey = new byte[key.Length + 1];
        stateKey[0] = prefix;
        key.CopyTo(stateKey.AsSpan(1));
        return stateKey;
    }

    /// <summary>Reads a stored value (metered); false when absent. Out of gas halts the contract.</summary>
    public bool TryGetStorage(byte[] stateKey, out ReadOnlySpan<byte> value)
    {
        var found = _command is not null ? _command.TryRead(stateKey, out value) : _query!.TryRead(stateKey, out value);
        if (!found && Gas.IsExhausted)
        {
            throw OutOfGas();
        }

        return found;
    }

    public void SetStorage(byte[] stateKey, ReadOnlySpan<byte> value)
    {
        if (!_command!.TryWrite(stateKey, value))
        {
            throw OutOfGas();
        }
    }

    public void RemoveStorage(byte[] stateKey)
    {
        if (!_command!.TryRemove(stateKey))
        {
            throw OutOfGas();
        }
    }
}
