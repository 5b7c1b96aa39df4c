using System.Net;
using Microsoft.Azure.Cosmos;
using static CosmosConformance.Feeds;

namespace CosmosConformance;

[Collection(EmulatorCollection.Name)]
public sealed class TtlTests(Emulator emulator)
{
    private static async Task<bool> Gone(Container container, string id, string pk)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(pk));
        return response.StatusCode == HttpStatusCode.NotFound;
    }

    [Fact]
    public async Task DefaultTtlExpiresItemsFromReadsQueriesAndTheFeed()
    {
        await using var db = await emulator.NewDatabaseAsync("ttl-default");
        var container = await db.NewContainerAsync("items", defaultTtl: 1);
        await container.CreateItemAsync(new Doc("short", "p", 1));
        await container.CreateItemAsync(new Doc("long", "p", 2) { Ttl = 3600 });

        await EventuallyAsync(() => Gone(container, "short", "p"), "the item expires after its container's ttl");
        var left = await AllAsync(container.GetItemQueryIterator<Doc>("SELECT * FROM c"));
        Assert.Equal(["long"], left.Select(d => d.Id));
        var (changes, _, _) = await ChangesAsync(container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion));
        Assert.Equal(["long"], changes.Select(d => d.Id));
    }

    [Fact]
    public async Task PerItemTtlWithDefaultMinusOneAndTheSweepInTheAllVersionsFeed()
    {
        await using var db = await emulator.NewDatabaseAsync("ttl-item");
        var container = await db.NewContainerAsync("items", defaultTtl: -1);
        var feed = container.GetChangeFeedIterator<ChangeFeedItem<Doc>>(
            ChangeFeedStartFrom.Now(), ChangeFeedMode.AllVersionsAndDeletes);
        await feed.ReadNextAsync();
        await container.CreateItemAsync(new Doc("forever", "p", 1));
        await container.CreateItemAsync(new Doc("brief", "p", 2) { Ttl = 1 });

        await EventuallyAsync(() => Gone(container, "brief", "p"), "the item with ttl 1 expires");
        Assert.False(await Gone(container, "forever", "p"));
        var expired = new List<ChangeFeedItem<Doc>>();
        await EventuallyAsync(async () =>
        {
            var page = await feed.ReadNextAsync();
            if (page.StatusCode != HttpStatusCode.NotModified) expired.AddRange(page);
            return expired.Any(c => c.Metadata.OperationType == ChangeFeedOperationType.Delete);
        }, "the sweep's delete appears in the all-versions feed");
        var delete = expired.Single(c => c.Metadata.OperationType == ChangeFeedOperationType.Delete);
        Assert.Equal("brief", delete.Metadata.Id);
        Assert.True(delete.Metadata.IsTimeToLiveExpired);
    }

    [Fact]
    public async Task ItemTtlIsIgnoredWithoutADefaultTtl()
    {
        await using var db = await emulator.NewDatabaseAsync("ttl-off");
        var container = await db.NewContainerAsync("items");
        await container.CreateItemAsync(new Doc("stays", "p", 1) { Ttl = 1 });
        await Task.Delay(2500);
        Assert.False(await Gone(container, "stays", "p"));
    }
}
