using System.Diagnostics;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Client.Tests.ServerFixture;

namespace Stockbeat.Client.Tests;

/// <summary>samples/ErpToStoreSync run as a process, as its README says, against a real server.</summary>
public sealed class SampleTests
{
    [Theory]
    [InlineData("0", 0, "success")]
    [InlineData("0.5", 1, "fail")]
    public async Task Sample_ReportsRunWithCounts_WhenRunAgainstServer(string failureRate, int exitCode, string finish)
    {
        await using var host = await StockbeatHost.StartAsync();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(SampleAssembly());
        info.Environment["STOCKBEAT_URL"] = host.BaseUrl();
        info.Environment["STOCKBEAT_PING_KEY"] = StockbeatHost.PingKey;
        info.Environment["STOCKBEAT_MONITOR"] = "erp-to-store";
        info.Environment["SYNC_SKUS"] = "300";
        info.Environment["SYNC_FAILURE_RATE"] = failureRate;

        using var sample = Process.Start(info)!;
        var output = sample.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = sample.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await sample.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(sample.ExitCode == exitCode, $"exit {sample.ExitCode}:\n{await output}\n{await errors}");
        var uuid = Assert.Single(await host.ListChecksAsync()).GetProperty("uuid").GetString()!;
        var pings = await PingsAsync(host, uuid);
        Assert.Equal(["start", finish], pings.Select(Type));
        using var report = JsonDocument.Parse(await BodyAsync(host, uuid, pings[1]));
        Assert.Equal(300, report.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(
            300,
            report.RootElement.GetProperty("updated").GetInt64() + report.RootElement.GetProperty("unchanged").GetInt64()
            + (report.RootElement.TryGetProperty("errors", out var e) ? e.GetInt64() : 0));
        Assert.True(report.RootElement.GetProperty("api_calls").GetDouble() > 0);
    }

    /// <summary>The sample as built next to this test, in the same configuration (bin/Debug or bin/Release).</summary>
    private static string SampleAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var root = output;
        while (!File.Exists(Path.Combine(root.FullName, "Stockbeat.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException($"No Stockbeat.slnx above {AppContext.BaseDirectory}.");
        }

        return Path.Combine(root.FullName, "samples", "ErpToStoreSync", "bin", configuration, framework, "ErpToStoreSync.dll");
    }
}
