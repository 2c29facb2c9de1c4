using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Stockbeat.Bench -- --filter '*'` runs everything;
// `--list flat` shows the benchmarks, `--job short` gives a quick, rougher answer.
// `-- writer [--monitors N] [--keep-pings K]` runs the ping writer alone at scale instead (WriterRun).
// (build.sh puts --artifacts in front.)
var writer = Array.IndexOf(args, "writer");
if (writer >= 0)
{
    return await Stockbeat.Bench.WriterRun.RunAsync(args[writer..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Stockbeat.Bench.CheckRulesBenchmarks).Assembly).Run(args);
return 0;
