using System.Net;
using Microsoft.Azure.Cosmos;

namespace CosmosConformance;

[Collection(EmulatorCollection.Name)]
public sealed class ResourceTests(Emulator emulator)
{
    [Fact]
    public async Task DatabasesCreateReadListAndDelete()
    {
        var id = $"db-{Guid.NewGuid():N}";
        var created = await emulator.Client.CreateDatabaseAsync(id);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await emulator.Client.CreateDatabaseIfNotExistsAsync(id);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var duplicate = await Assert.ThrowsAsync<CosmosException>(() => emulator.Client.CreateDatabaseAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var read = await emulator.Client.GetDatabase(id).ReadAsync();
        Assert.Equal(id, read.Resource.Id);
        Assert.False(string.IsNullOrEmpty(read.ETag));

        var ids = new List<string>();
        using (var all = emulator.Client.GetDatabaseQueryIterator<DatabaseProperties>())
        {
            while (all.HasMoreResults) ids.AddRange((await all.ReadNextAsync()).Select(d => d.Id));
        }
        Assert.Contains(id, ids);

        await emulator.Client.GetDatabase(id).DeleteAsync();
        var gone = await Assert.ThrowsAsync<CosmosException>(() => emulator.Client.GetDatabase(id).ReadAsync());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ContainersCreateReadReplaceListAndDelete()
    {
        await using var db = await emulator.NewDatabaseAsync("containers");
        var created = await db.Database.CreateContainerAsync(new ContainerProperties("c1", "/pk"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/pk", created.Resource.PartitionKeyPath);
        var again = await db.Database.CreateContainerIfNotExistsAsync("c1", "/pk");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var properties = (await created.Container.ReadContainerAsync()).Resource;
        properties.DefaultTimeToLive = 3600;
        var replaced = await created.Container.ReplaceContainerAsync(properties);
        Assert.Equal(3600, replaced.Resource.DefaultTimeToLive);
        Assert.Equal(3600, (await created.Container.ReadContainerAsync()).Resource.DefaultTimeToLive);

        await db.Database.CreateContainerAsync("c2", "/other");
        var ids = new List<string>();
        using (var all = db.Database.GetContainerQueryIterator<ContainerProperties>())
        {
            while (all.HasMoreResults) ids.AddRange((await all.ReadNextAsync()).Select(c => c.Id));
        }
        Assert.Equal(["c1", "c2"], ids.Order());

        await created.Container.DeleteContainerAsync();
        var gone = await Assert.ThrowsAsync<CosmosException>(() => created.Container.ReadContainerAsync());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task AMissingDatabaseOrContainerIsNotFound()
    {
        var container = emulator.Client.GetContainer($"nope-{Guid.NewGuid():N}", "nothing");
        var error = await Assert.ThrowsAsync<CosmosException>(
            () => container.ReadItemAsync<Doc>("x", new PartitionKey("x")));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }
}
