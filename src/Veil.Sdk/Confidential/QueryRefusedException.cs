namespace Veil.Sdk.Confidential;

/// <summary>A worker refused a query before it reached the contract, or its answer could not be opened.</summary>
public sealed class QueryRefusedException : Exception
{
    public QueryRefusedException()
    {
    }

    public QueryRefusedException(string message)
        : base(message)
    {
    }

    public QueryRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
