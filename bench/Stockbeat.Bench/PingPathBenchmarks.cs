using BenchmarkDotNet.Attributes;
using Stockbeat.Core.Pings;

namespace Stockbeat.Bench;

/// <summary>Parsing the part of a ping URL after <c>/ping/</c>: once per request on the ping path.</summary>
[MemoryDiagnoser]
public class PingPathBenchmarks
{
    [Params(
        "5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b",
        "5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b/start",
        "5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b/1",
        "k3y0fth3pr0j3ct00001/erp-to-store/fail")]
    public string Rest { get; set; } = "";

    [Benchmark]
    public PingPath? Parse() => PingPathParser.Parse(Rest, out _);
}
