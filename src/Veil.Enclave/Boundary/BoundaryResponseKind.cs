namespace Veil.Enclave.Boundary;

/// <summary>The variants of the SCALE enum <see cref="BoundaryResponse"/>, by variant index.</summary>
public enum BoundaryResponseKind : byte
{
    Error = 0,
    Info = 1,
    Evidence = 2,
    Blocks = 3,
    Checkpoint = 4,
    Restored = 5,
    QueryAnswer = 6,
}
