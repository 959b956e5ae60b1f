using System.Buffers.Binary;

namespace Veil.Wasm.Host;

/// <summary>Bounds-checked access to the contract's linear memory and the (out_ptr, out_len_ptr) output convention.</summary>
internal sealed partial class WasmExecution
{
    /// <summary>pallet-contracts' SENTINEL (<c>u32::MAX</c>): "no value" where a length is expected.</summary>
    public const uint Sentinel = uint.MaxValue;

    /// <summary>A view of contract memory; valid until WebAssembly runs again (memory may move when it grows).</summary>
    public ReadOnlySpan<byte> Read(uint pointer, uint length) => Slice(pointer, length);

    public uint ReadU32(uint pointer) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(pointer, 4));

    public void Write(uint pointer, ReadOnlySpan<byte> data) => data.CopyTo(Slice(pointer, (uint)data.Length));

    public void WriteU32(uint pointer, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Slice(pointer, 4), value);

    /// <summary>
    /// pallet-contracts' output convention: <paramref name="lengthPointer"/> holds the capacity of the
    /// buffer at <paramref name="pointer"/>; the data is copied there and its length written back. A
    /// buffer too small traps (pallet-contracts' <c>OutputBufferTooSmall</c>).
    /// </summary>
    public void WriteOutput(uint pointer, uint lengthPointer, ReadOnlySpan<byte> data)
    {
        var capacity = ReadU32(lengthPointer);
        if (capacity < (uint)data.Length)
        {
            throw Trap($"output buffer too small: {data.Length} bytes to write, {capacity} available");
        }

        Charge(WasmGas.CopyPerByte * (ulong)data.Length);
        Write(pointer, data);
        WriteU32(lengthPointer, (uint)data.Length);
    }

    private Span<byte> Slice(uint pointer, uint length)
    {
        var memoryLength = (ulong)_memory!.GetLength();
        if ((ulong)pointer + length > memoryLength)
        {
            throw Trap($"memory access out of bounds: {length} bytes at {pointer}, memory is {memoryLength} bytes");
        }

        return _memory.GetSpan(pointer, (int)length);
    }
}
