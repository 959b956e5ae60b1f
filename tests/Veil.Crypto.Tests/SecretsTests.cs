namespace Veil.Crypto.Tests;

public class SecretsTests
{
    [Fact]
    public void AsSpan_Throws_WhenBufferIsDisposed()
    {
        var buffer = SecretBuffer.CopyOf([1, 2, 3]);
        Assert.Equal([1, 2, 3], buffer.AsSpan().ToArray());

        buffer.Dispose();

        Assert.True(buffer.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => buffer.AsSpan());
        buffer.Dispose(); // idempotent
    }

    [Fact]
    public void Constructor_StartsZeroed_WhenCreated()
    {
        using var buffer = new SecretBuffer(64);

        Assert.All(buffer.AsSpan().ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(64, buffer.Length);
    }

    [Fact]
    public void Constructor_Throws_WhenLengthIsNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SecretBuffer(0));
    }

    [Fact]
    public void AreEqual_ComparesContents_WhenLengthsMatchOrNot()
    {
        Assert.True(ConstantTime.AreEqual([1, 2, 3], [1, 2, 3]));
        Assert.False(ConstantTime.AreEqual([1, 2, 3], [1, 2, 4]));
        Assert.False(ConstantTime.AreEqual([1, 2, 3], [1, 2]));
    }

    [Fact]
    public void Fill_ProducesDifferentBytes_WhenCalledTwice()
    {
        var a = new byte[32];
        var b = new byte[32];

        SecureRandom.Fill(a);
        SecureRandom.Fill(b);

        Assert.NotEqual(a, b);
        Assert.Equal(16, SecureRandom.GetBytes(16).Length);
    }
}
