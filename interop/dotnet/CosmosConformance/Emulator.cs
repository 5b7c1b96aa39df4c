using Microsoft.Azure.Cosmos;

namespace CosmosConformance;

/// <summary>
/// One client for the emulator the node test started (COSMOS_CONNECTION_STRING), in gateway mode over http as
/// the emulator only speaks that. Each test makes its own database so tests stay independent and parallel.
/// </summary>
public sealed class Emulator : IDisposable
{
    public CosmosClient Client { get; }

    public Emulator()
    {
        var connection = Environment.GetEnvironmentVariable("COSMOS_CONNECTION_STRING");
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                "COSMOS_CONNECTION_STRING is not set: run this suite through test/dotnet-cosmos.int.test.ts, " +
                "or point it at a running `pnpm stack` (AccountEndpoint=http://127.0.0.1:8081/;AccountKey=...;)");
        }
        Client = NewClient(connection);
    }

    public static CosmosClient NewClient(string connection, Action<CosmosClientOptions>? configure = null)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            // The account answers with its own address as the only region; never look elsewhere.
            LimitToEndpoint = true,
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return new CosmosClient(connection, options);
    }

    public static string ConnectionString => Environment.GetEnvironmentVariable("COSMOS_CONNECTION_STRING")!;

    /// <summary>A fresh database with a unique name, deleted when the returned handle is disposed.</summary>
    public async Task<TempDatabase> NewDatabaseAsync(string purpose)
    {
        var id = $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 33, 255)];
        var response = await Client.CreateDatabaseAsync(id);
        return new TempDatabase(response.Database);
    }

    public void Dispose() => Client.Dispose();
}

public sealed class TempDatabase(Database database) : IAsyncDisposable
{
    public Database Database { get; } = database;

    public async Task<Container> NewContainerAsync(string id, string partitionKeyPath = "/pk", int? defaultTtl = null)
    {
        var properties = new ContainerProperties(id, partitionKeyPath) { DefaultTimeToLive = defaultTtl };
        return (await Database.CreateContainerAsync(properties)).Container;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Database.DeleteAsync();
        }
        catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // a test that deletes its own database on purpose
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<Emulator>
{
    public const string Name = "cosmos emulator";
}
