using System.Runtime.CompilerServices;

// Golden vectors for envelopes need a fixed ephemeral key and nonce, which only the tests may choose.
[assembly: InternalsVisibleTo("Veil.Protocol.Tests")]
[assembly: InternalsVisibleTo("Veil.Enclave.Tests")]
