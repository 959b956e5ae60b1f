using System.Runtime.CompilerServices;

// Golden vectors for sealed data need a fixed nonce, which only the tests may choose.
[assembly: InternalsVisibleTo("Veil.Enclave.Tests")]
