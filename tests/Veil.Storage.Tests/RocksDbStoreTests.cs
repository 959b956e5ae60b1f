using Veil.Storage;

namespace Veil.Storage.Tests;

public sealed class RocksDbStoreTests : KeyValueStoreContractTests
{
    private readonly TemporaryDirectory _directory;

    public RocksDbStoreTests()
        : this(new TemporaryDirectory())
    {
    }

    private RocksDbStoreTests(TemporaryDirectory directory)
        : base(RocksDbStore.Open(System.IO.Path.Combine(directory.Path, "db")))
    {
        _directory = directory;
    }

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Open_KeepsCommittedData_WhenReopened()
    {
        var path = ((RocksDbStore)Store).Path;
        Store.Write(new WriteBatch().Put(Bytes("kept"), Bytes("yes")).Put(Bytes("gone"), Bytes("no")));
        Store.Write(new WriteBatch().Delete(Bytes("gone")));
        Store.Dispose();

        using var reopened = RocksDbStore.Open(path);
        Assert.True(reopened.TryGet(Bytes("kept"), out var value));
        Assert.Equal(Bytes("yes"), value);
        Assert.False(reopened.Contains(Bytes("gone")));
    }

    [Fact]
    public void Open_CreatesMissingDirectories_WhenPathIsNested()
    {
        var nested = System.IO.Path.Combine(_directory.Path, "a", "b", "c");
        using var store = RocksDbStore.Open(nested);
        store.Write(new WriteBatch().Put([1], [2]));
        Assert.True(Directory.Exists(nested));
    }
}
