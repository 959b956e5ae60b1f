using Veil.Storage;

namespace Veil.Storage.Tests;

public sealed class WriteBatchTests
{
    [Fact]
    public void Put_CopiesSpans_WhenCallerReusesBuffer()
    {
        var buffer = new byte[] { 1, 2, 3 };
        var batch = new WriteBatch().Put(buffer, buffer);
        buffer[0] = 9;

        Assert.Equal([1, 2, 3], batch.Operations[0].Key);
        Assert.Equal([1, 2, 3], batch.Operations[0].Value);
    }

    [Fact]
    public void Count_TracksOperationsAndSize_UntilCleared()
    {
        var batch = new WriteBatch().Put([1], [2, 3]).Delete([4, 5]).PutOwned([6], []);

        Assert.Equal(3, batch.Count);
        Assert.True(batch.ApproximateSize >= 1 + 2 + 2 + 1);
        Assert.True(batch.Operations[1].IsDelete);

        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.ApproximateSize);
    }
}
