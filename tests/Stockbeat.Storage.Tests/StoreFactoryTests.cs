using Stockbeat.Testing;

namespace Stockbeat.Storage.Tests;

public sealed class StoreFactoryTests
{
    [Theory]
    [InlineData("Data Source=/var/lib/stockbeat/stockbeat.db")]
    [InlineData("Database=stockbeat")]
    [InlineData("nonsense")]
    public void Create_Throws_WhenDatabaseIsNotAPostgresConnectionString(string database)
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<ArgumentException>(() => StoreFactory.Create(database, directory.Path));

        Assert.Contains("PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Database=stockbeat", true)]
    [InlineData("host = db ; database = stockbeat", true)]
    [InlineData("Server=db;Database=stockbeat", true)]
    [InlineData("Database=stockbeat", false)]
    [InlineData("", false)]
    public void IsPostgres_RecognisesHostSetting(string database, bool expected) =>
        Assert.Equal(expected, StoreFactory.IsPostgres(database));

    [Fact]
    public void Create_OpensSqliteFile_WhenDatabaseIsEmpty()
    {
        using var directory = new TempDirectory();

        var store = StoreFactory.Create("", directory.Path);

        Assert.Equal("sqlite", store.Dialect);
        Assert.True(File.Exists(Path.Combine(directory.Path, "stockbeat.db")));
    }
}
