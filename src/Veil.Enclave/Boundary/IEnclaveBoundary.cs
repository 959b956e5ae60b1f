namespace Veil.Enclave.Boundary;

/// <summary>
/// The one interface between an enclave and its untrusted host (STYLE: the trusted side talks to the
/// outside only through byte messages across one boundary). A request is an encoded
/// <see cref="BoundaryRequest"/>, the answer an encoded <see cref="BoundaryResponse"/>. Implementations
/// never throw on request bytes: anything undecodable or refused comes back as an error response.
/// </summary>
public interface IEnclaveBoundary
{
    byte[] Call(ReadOnlySpan<byte> request);
}
