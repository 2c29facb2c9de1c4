using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Tests;

/// <summary>
/// "No acknowledged write is ever lost, including on kill -9": the real server is killed with SIGKILL while
/// clients ping it, restarted on the same data folder, and every ping it answered 200 must be stored.
/// </summary>
public sealed class CrashTests
{
    private const string ApiKey = "crash-test-api-key-0123456789";
    private const int Monitors = 3;
    private const int Clients = 8;

    // The kill comes after this many acknowledged pings (or after KillAfter, whichever is first), so the
    // verdict does not depend on how fast the machine is: a slow machine simply kills with fewer pings.
    private const int AcknowledgedBeforeKill = 400;
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(20);

    // Nothing may be pruned, or a stored ping would look lost.
    private static readonly string[] ServeArguments = ["--Stockbeat:Ping:KeepPings=100000"];
    private static readonly Dictionary<string, string> Environment = new() { ["Stockbeat__Bootstrap__ApiKey"] = ApiKey };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_KeepsEveryAcknowledgedPing_WhenKilledWithSigkillUnderLoad()
    {
        // Arrange: a server with a few monitors.
        using var data = new TempDirectory();
        var acknowledged = new ConcurrentBag<(string Uuid, string Rid)>();
        var uuids = new string[Monitors];
        await using (var server = ServeProcess.Start(data.Path, ServeArguments, Environment))
        {
            await server.WaitUntilReadyAsync();
            using var api = ApiClient(server.Url);
            for (var i = 0; i < Monitors; i++)
            {
                var created = await api.PostAsJsonAsync("api/v3/checks/", new { name = $"sync-{i}", timeout = 3600 }, Ct);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                uuids[i] = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("uuid").GetString()!;
            }

            // Act: clients ping with distinct run ids and log each 200; the server is killed mid-stream.
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var killed = 0;
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                for (var n = 0; Volatile.Read(ref killed) == 0; n++)
                {
                    var uuid = uuids[(c + n) % Monitors];
                    var rid = Guid.NewGuid().ToString();
                    HttpResponseMessage response;
                    try
                    {
                        response = await server.Client.GetAsync($"ping/{uuid}?rid={rid}", Ct);
                    }
                    catch (HttpRequestException) when (Volatile.Read(ref killed) != 0)
                    {
                        // In flight when the server died: never acknowledged, so it may or may not be stored.
                        return;
                    }

                    using (response)
                    {
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add((uuid, rid));
                            if (acknowledged.Count >= AcknowledgedBeforeKill)
                            {
                                enough.TrySetResult();
                            }
                        }
                        else if (Volatile.Read(ref killed) == 0)
                        {
                            Assert.Fail($"ping answered {(int)response.StatusCode} before the kill");
                        }
                    }
                }
            }, Ct)).ToArray();

            await Task.WhenAny(enough.Task, Task.WhenAll(clients), Task.Delay(KillAfter, Ct));
            // Marked before the signal, so that a request that fails because of the kill is never taken for a bug;
            // a 200 that still arrives counts as acknowledged and must survive.
            Interlocked.Exchange(ref killed, 1);
            using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", server.ProcessId.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(Ct);
            }

            await server.WaitForExitAsync();
            await Task.WhenAll(clients);
            Assert.NotEqual(0, server.ExitCode);
        }

        // Assert: after a restart on the same folder, every acknowledged ping is there.
        Assert.NotEmpty(acknowledged);
        await using var restarted = ServeProcess.Start(data.Path, ServeArguments, Environment);
        await restarted.WaitUntilReadyAsync();
        using var again = ApiClient(restarted.Url);
        foreach (var uuid in uuids)
        {
            var listed = await again.GetFromJsonAsync<JsonElement>($"api/v3/checks/{uuid}/pings/", Ct);
            var stored = listed.GetProperty("pings").EnumerateArray()
                .Select(p => p.GetProperty("rid").GetString())
                .ToHashSet(StringComparer.Ordinal);
            var lost = acknowledged.Where(a => a.Uuid == uuid && !stored.Contains(a.Rid)).Select(a => a.Rid).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged pings of {uuid} are missing after kill -9, e.g. rid {lost.FirstOrDefault()}");
        }
    }

    private static HttpClient ApiClient(string url)
    {
        var client = new HttpClient { BaseAddress = new Uri(url + "/") };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }
}
