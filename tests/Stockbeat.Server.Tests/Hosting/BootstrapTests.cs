using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Hosting;

public sealed class BootstrapTests
{
    [Fact]
    public async Task Start_CreatesOneProject_WhenSeveralNodesStartTogetherOnEmptyPostgres()
    {
        var database = await TestDatabases.NewPostgresSchemaAsync();

        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StockbeatHost.StartAsync(Backend.Postgres, database: database)));
        try
        {
            // A node that created its own project would report a different id, and its keys would not open the others.
            Assert.Single(hosts.Select(h => h.ProjectId).Distinct());
            Assert.Single(await hosts[0].Store.ListPoliciesAsync(hosts[0].ProjectId, TestContext.Current.CancellationToken), p => p.IsDefault);
            Assert.Equal(1, await hosts[3].Store.FindFirstProjectAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
