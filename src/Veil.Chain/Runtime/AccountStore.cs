using Veil.Chain.State;
using Veil.Core;
using Veil.Protocol.Accounts;
using Veil.Protocol.Storage;

namespace Veil.Chain.Runtime;

/// <summary>Typed access to System.Account entries.</summary>
public static class AccountStore
{
    public static AccountInfo Get(IStateReader state, AccountId account)
        => Get(state, StorageKey.SystemAccount(account));

    public static AccountInfo Get(IStateReader state, byte[] key)
    {
        if (!state.TryGet(key, out var bytes))
        {
            return default;
        }

        // State is written only by the runtime, so a decoding failure is corruption, not bad input.
        return AccountInfo.TryDecode(bytes, out var info, out var error)
            ? info
            : throw new InvalidDataException($"corrupt account entry: {error}");
    }

    public static void Set(StateOverlay state, byte[] key, in AccountInfo info)
    {
        if (info.Nonce == 0 && info.Free == 0 && info.Reserved == 0 && info.Providers == 0)
        {
            state.Remove(key);
            return;
        }

        state.Set(key, info.Encode());
    }

    public static UInt128 TotalIssuance(IStateReader state)
        => state.TryGet(StorageKey.BalancesTotalIssuance, out var bytes) && bytes.Length == 16
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes)
            : 0;

    public static void SetTotalIssuance(StateOverlay state, UInt128 value)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        state.Set(StorageKey.BalancesTotalIssuance, bytes);
    }
}
