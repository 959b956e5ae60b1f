namespace Veil.Storage;

/// <summary>One entry of a <see cref="WriteBatch"/>: a put, or a delete when <see cref="Value"/> is null.</summary>
public readonly record struct WriteOperation(byte[] Key, byte[]? Value)
{
    public bool IsDelete => Value is null;
}
