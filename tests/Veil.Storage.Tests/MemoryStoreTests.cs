using Veil.Storage;

namespace Veil.Storage.Tests;

public sealed class MemoryStoreTests() : KeyValueStoreContractTests(new MemoryStore());
