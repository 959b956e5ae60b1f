namespace Veil.Enclave.Boundary;

/// <summary>The variants of the SCALE enum <see cref="BoundaryRequest"/>, by variant index.</summary>
public enum BoundaryRequestKind : byte
{
    GetInfo = 0,
    CreateEvidence = 1,
    ProcessBlocks = 2,
    Checkpoint = 3,
    Restore = 4,
    Query = 5,
    Receipt = 6,
}
