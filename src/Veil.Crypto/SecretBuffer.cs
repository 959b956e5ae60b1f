using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Veil.Crypto;

/// <summary>
/// Secret bytes in unmanaged memory, which the GC never copies or moves, zeroed when disposed (or
/// finalized, if a caller forgets). A <see cref="SafeHandle"/> reference count keeps the memory alive
/// while a signing call is using it, so a concurrent <see cref="Dispose"/> cannot free it mid-call.
/// </summary>
public sealed unsafe class SecretBuffer : IDisposable
{
    private readonly NativeSecret _handle;

    public SecretBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        _handle = new NativeSecret(length);
    }

    /// <summary>Copies <paramref name="source"/> into a new buffer; the caller still zeroes its own copy.</summary>
    public static SecretBuffer CopyOf(ReadOnlySpan<byte> source)
    {
        var buffer = new SecretBuffer(source.Length);
        source.CopyTo(buffer.AsSpan());
        return buffer;
    }

    public int Length { get; }

    public bool IsDisposed => _handle.IsClosed;

    /// <summary>The secret bytes. The span is valid only until <see cref="Dispose"/>; do not keep it.</summary>
    public Span<byte> AsSpan()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return new Span<byte>((void*)_handle.DangerousGetHandle(), Length);
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>Pins the memory against <see cref="Dispose"/> until <see cref="Release"/>.</summary>
    internal byte* Acquire()
    {
        var added = false;
        _handle.DangerousAddRef(ref added); // throws ObjectDisposedException once disposed
        return (byte*)_handle.DangerousGetHandle();
    }

    internal void Release() => _handle.DangerousRelease();

    private sealed class NativeSecret : SafeHandle
    {
        private readonly int _length;

        public NativeSecret(int length)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            _length = length;
            var memory = NativeMemory.AllocZeroed((nuint)length);
            SetHandle((IntPtr)memory);
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            CryptographicOperations.ZeroMemory(new Span<byte>((void*)handle, _length));
            NativeMemory.Free((void*)handle);
            return true;
        }
    }
}
