using Wasmtime;

namespace Veil.Wasm.Host;

/// <summary>
/// Contract storage, every version ink! 4/5 (and older ink! through the seal_ aliases) emit:
/// seal0 takes fixed 32-byte keys, seal1/seal2 variable keys (ink! 5 uses 4-byte keys). Lengths of
/// previous values are returned where pallet-contracts returns them, SENTINEL (u32::MAX) when absent.
/// </summary>
internal static partial class HostFunctions
{
    private const uint FixedKeyLength = 32;

    // seal0.set_storage(key_ptr, value_ptr, value_len)
    private static void SetStorageFixed(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetStorage(e, FixedKey(e, U32(a, 0)), U32(a, 1), U32(a, 2));

    // seal1.set_storage(key_ptr, value_ptr, value_len) -> previous length or SENTINEL
    private static void SetStorageFixedV1(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetResult(r, SetStorage(e, FixedKey(e, U32(a, 0)), U32(a, 1), U32(a, 2)));

    // seal2.set_storage(key_ptr, key_len, value_ptr, value_len) -> previous length or SENTINEL
    private static void SetStorageVariable(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetResult(r, SetStorage(e, VariableKey(e, U32(a, 0), U32(a, 1)), U32(a, 2), U32(a, 3)));

    // seal0.clear_storage(key_ptr)
    private static void ClearStorageFixed(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => ClearStorage(e, FixedKey(e, U32(a, 0)));

    // seal1.clear_storage(key_ptr, key_len) -> previous length or SENTINEL
    private static void ClearStorageVariable(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetResult(r, ClearStorage(e, VariableKey(e, U32(a, 0), U32(a, 1))));

    // seal0.get_storage(key_ptr, out_ptr, out_len_ptr) -> Success | KeyNotFound
    private static void GetStorageFixed(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetResult(r, GetStorage(e, FixedKey(e, U32(a, 0)), U32(a, 1), U32(a, 2)));

    // seal1.get_storage(key_ptr, key_len, out_ptr, out_len_ptr) -> Success | KeyNotFound
    private static void GetStorageVariable(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetResult(r, GetStorage(e, VariableKey(e, U32(a, 0), U32(a, 1)), U32(a, 2), U32(a, 3)));

    // seal0.contains_storage(key_ptr) -> length or SENTINEL
    private static void ContainsStorageFixed(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetResult(r, ContainsStorage(e, FixedKey(e, U32(a, 0))));

    // seal1.contains_storage(key_ptr, key_len) -> length or SENTINEL
    private static void ContainsStorageVariable(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => SetResult(r, ContainsStorage(e, VariableKey(e, U32(a, 0), U32(a, 1))));

    // seal0.take_storage(key_ptr, key_len, out_ptr, out_len_ptr) -> Success | KeyNotFound (variable key)
    private static void TakeStorage(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        var key = VariableKey(e, U32(a, 0), U32(a, 1));
        if (!e.TryGetStorage(key, out var value))
        {
            SetResult(r, ReturnCode.KeyNotFound);
            return;
        }

        // Stored arrays are never mutated, so the view stays valid after the removal.
        e.WriteOutput(U32(a, 2), U32(a, 3), value);
        e.RemoveStorage(key);
        SetResult(r, ReturnCode.Success);
    }

    private static uint SetStorage(WasmExecution e, byte[] key, uint valuePointer, uint valueLength)
    {
        if (valueLength > (uint)e.Limits.MaxValueLength)
        {
            throw e.Trap($"storage value of {valueLength} bytes exceeds the limit of {e.Limits.MaxValueLength}");
        }

        var previous = e.TryGetStorage(key, out var old) ? (uint)old.Length : WasmExecution.Sentinel;
        e.SetStorage(key, e.Read(valuePointer, valueLength));
        return previous;
    }

    private static uint ClearStorage(WasmExecution e, byte[] key)
    {
        if (!e.TryGetStorage(key, out var old))
        {
            return WasmExecution.Sentinel;
        }

        var previous = (uint)old.Length;
        e.RemoveStorage(key);
        return previous;
    }

    private static ReturnCode GetStorage(WasmExecution e, byte[] key, uint outPointer, uint outLengthPointer)
    {
        if (!e.TryGetStorage(key, out var value))
        {
            return ReturnCode.KeyNotFound;
        }

        e.WriteOutput(outPointer, outLengthPointer, value);
        return ReturnCode.Success;
    }

    private static uint ContainsStorage(WasmExecution e, byte[] key)
        => e.TryGetStorage(key, out var value) ? (uint)value.Length : WasmExecution.Sentinel;

    private static byte[] FixedKey(WasmExecution e, uint pointer)
        => WasmExecution.StateKey(WasmExecution.FixedKeyPrefix, e.Read(pointer, FixedKeyLength));

    private static byte[] VariableKey(WasmExecution e, uint pointer, uint length)
    {
        if (length > (uint)e.Limits.MaxStorageKeyLength)
        {
            throw e.Trap($"storage key of {length} bytes exceeds the limit of {e.Limits.MaxStorageKeyLength}");
        }

        return WasmExecution.StateKey(WasmExecution.VariableKeyPrefix, e.Read(pointer, length));
    }
}
