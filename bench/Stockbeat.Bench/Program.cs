using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Stockbeat.Bench -- --filter '*'` runs everything;
// `--list flat` shows the benchmarks, `--job short` gives a quick, rougher answer.
BenchmarkSwitcher.FromAssembly(typeof(Stockbeat.Bench.CheckRulesBenchmarks).Assembly).Run(args);
