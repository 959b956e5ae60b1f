using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Veil.Storage;

namespace Veil.Storage.Tests;

/// <summary>
/// The child process of <see cref="RocksDbStoreCrashTests"/>: it writes numbered batches forever and
/// reports each one after <see cref="IKeyValueStore.Write"/> returns, until the test kills it.
/// </summary>
/// <remarks>
/// The test SDK generates this assembly's (empty) Main, so the child is started as
/// <c>dotnet Veil.Storage.Tests.dll</c> with <see cref="PathVariable"/> set, and a module initializer takes
/// over before that Main runs. Inside the test host the variable is unset and the initializer does nothing.
/// </remarks>
internal static class CrashWriter
{
    public const string PathVariable = "VEIL_STORAGE_CRASH_WRITER_PATH";
    public const int KeysPerBatch = 64;

    [ModuleInitializer]
    internal static void RunWhenChild()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        using var store = RocksDbStore.Open(path);
        for (var number = 0; ; number++)
        {
            store.Write(Batch(number));
            Console.Out.WriteLine($"committed {number}");
            Console.Out.Flush();
        }
    }

    /// <summary>Batch <paramref name="number"/>: keys "b" ‖ number ‖ i with 1 KiB values, and a marker "m" ‖ number.</summary>
    public static WriteBatch Batch(int number)
    {
        var batch = new WriteBatch();
        var value = new byte[1024];
        BinaryPrimitives.WriteInt32BigEndian(value, number);
        for (var i = 0; i < KeysPerBatch; i++)
        {
            batch.Put(Key((byte)'b', number, i), value);
        }

        batch.Put(Key((byte)'m', number, 0), value);
        return batch;
    }

    public static byte[] Key(byte tag, int number, int index)
    {
        var key = new byte[9];
        key[0] = tag;
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(1), number);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(5), index);
        return key;
    }
}
