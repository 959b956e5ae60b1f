using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*'` runs everything;
// pass a filter such as '*Transfer*' to pick benchmarks.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
