using System.Buffers.Binary;
using System.Text;
using Wasmtime;

namespace Veil.Wasm.Host;

/// <summary>Input, output and what a contract may know about its call: caller, address, value, block and time.</summary>
internal static partial class HostFunctions
{
    private const uint RevertFlag = 1;

    // input(out_ptr, out_len_ptr): the call's input, as often as the contract asks.
    private static void Input(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
        => e.WriteOutput(U32(a, 0), U32(a, 1), e.Environment.Input);

    // seal_return(flags, data_ptr, data_len): ends the call; flags bit 0 = REVERT, other bits are refused.
    private static void SealReturn(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        var flags = U32(a, 0);
        if ((flags & ~RevertFlag) != 0)
        {
            throw e.Trap($"seal_return: unknown flags 0x{flags:x}");
        }

        var length = U32(a, 2);
        e.Charge(WasmGas.CopyPerByte * length);
        throw e.Return(flags == RevertFlag, e.Read(U32(a, 1), length).ToArray());
    }

    // caller(out_ptr, out_len_ptr): the AccountId (32 bytes) of the command's origin.
    private static void Caller(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> account = stackalloc byte[32];
        e.Environment.Caller.CopyTo(account);
        e.WriteOutput(U32(a, 0), U32(a, 1), account);
    }

    // address(out_ptr, out_len_ptr): the contract's own id (32 bytes).
    private static void Address(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> address = stackalloc byte[32];
        e.Environment.Address.CopyTo(address);
        e.WriteOutput(U32(a, 0), U32(a, 1), address);
    }

    // value_transferred(out_ptr, out_len_ptr): Balance = u128 little-endian.
    private static void ValueTransferred(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> value = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(value, e.Environment.Value);
        e.WriteOutput(U32(a, 0), U32(a, 1), value);
    }

    // block_number(out_ptr, out_len_ptr): BlockNumber = u32 little-endian (ink!'s DefaultEnvironment).
    private static void BlockNumber(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        if (e.Environment.BlockNumber > uint.MaxValue)
        {
            throw e.Trap($"block number {e.Environment.BlockNumber} does not fit ink!'s u32 BlockNumber");
        }

        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)e.Environment.BlockNumber);
        e.WriteOutput(U32(a, 0), U32(a, 1), number);
    }

    // now(out_ptr, out_len_ptr): Timestamp = u64 milliseconds of the delivering block, little-endian.
    private static void Now(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> now = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(now, e.Environment.Timestamp);
        e.WriteOutput(U32(a, 0), U32(a, 1), now);
    }

    // gas_left(out_ptr, out_len_ptr): remaining gas as u64 (pallet-contracts writes ref_time).
    private static void GasLeft(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> left = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(left, e.Gas.Remaining);
        e.WriteOutput(U32(a, 0), U32(a, 1), left);
    }

    // debug_message(str_ptr, str_len) -> ReturnCode: kept (bounded) when it is UTF-8, dropped otherwise; always Success.
    private static void DebugMessage(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        var length = Math.Min(U32(a, 1), (uint)e.Limits.MaxDebugMessageLength);
        e.Charge(WasmGas.CopyPerByte * length);
        var bytes = e.Read(U32(a, 0), length);
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            e.AddDebugMessage(Encoding.UTF8.GetString(bytes));
        }

        SetResult(r, ReturnCode.Success);
    }
}
