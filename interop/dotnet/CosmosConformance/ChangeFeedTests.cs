using System.Net;
using Microsoft.Azure.Cosmos;
using static CosmosConformance.Feeds;

namespace CosmosConformance;

[Collection(EmulatorCollection.Name)]
public sealed class ChangeFeedTests(Emulator emulator)
{
    private static ChangeFeedRequestOptions Page(int size) => new() { PageSizeHint = size };

    [Fact]
    public async Task LatestVersionFromTheBeginningPagedWithOneEntryPerItem()
    {
        await using var db = await emulator.NewDatabaseAsync("cf-latest");
        var container = await db.NewContainerAsync("items");
        await Task.WhenAll(Enumerable.Range(0, 250).Select(i =>
            container.CreateItemAsync(new Doc($"d{i}", $"p{i % 10}", i))));
        await container.UpsertItemAsync(new Doc("d7", "p7", 1007));
        await container.DeleteItemAsync<Doc>("d8", new PartitionKey("p8"));

        var (changes, sizes, _) = await ChangesAsync(container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion, Page(100)));
        Assert.All(sizes, s => Assert.InRange(s, 1, 100));
        Assert.Equal(249, changes.Count);
        Assert.Equal(249, changes.Select(c => c.Id).Distinct().Count());
        Assert.Equal(1007, changes.Single(c => c.Id == "d7").N);
        Assert.DoesNotContain(changes, c => c.Id == "d8");
    }

    [Fact]
    public async Task NowSeesOnlyLaterWritesAndAContinuationResumesInANewClient()
    {
        await using var db = await emulator.NewDatabaseAsync("cf-resume");
        var container = await db.NewContainerAsync("items");
        await container.CreateItemAsync(new Doc("before", "p", 0));

        var fromNow = container.GetChangeFeedIterator<Doc>(ChangeFeedStartFrom.Now(), ChangeFeedMode.LatestVersion);
        var idle = await fromNow.ReadNextAsync();
        Assert.Equal(HttpStatusCode.NotModified, idle.StatusCode);
        await container.CreateItemAsync(new Doc("after", "p", 1));
        var (seen, _, continuation) = await ChangesAsync(fromNow);
        Assert.Equal(["after"], seen.Select(d => d.Id));

        await container.CreateItemAsync(new Doc("later", "q", 2));
        using var other = Emulator.NewClient(Emulator.ConnectionString);
        var resumed = other.GetContainer(db.Database.Id, "items").GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.ContinuationToken(continuation), ChangeFeedMode.LatestVersion);
        var (later, _, _) = await ChangesAsync(resumed);
        Assert.Equal(["later"], later.Select(d => d.Id));
    }

    [Fact]
    public async Task FeedRangesPartitionTheContainer()
    {
        await using var db = await emulator.NewDatabaseAsync("cf-ranges");
        var container = await db.NewContainerAsync("items");
        await Task.WhenAll(Enumerable.Range(0, 80).Select(i => container.CreateItemAsync(new Doc($"r{i}", $"k{i}", i))));

        var ranges = await container.GetFeedRangesAsync();
        Assert.True(ranges.Count > 1, $"several physical ranges, got {ranges.Count}");
        var perRange = new List<List<string>>();
        foreach (var range in ranges)
        {
            var (changes, _, _) = await ChangesAsync(container.GetChangeFeedIterator<Doc>(
                ChangeFeedStartFrom.Beginning(range), ChangeFeedMode.LatestVersion, Page(25)));
            perRange.Add(changes.Select(c => c.Id).ToList());
            // A query scoped to the same range sees the same items.
            var queried = await AllAsync(container.GetItemQueryIterator<Doc>(range, new QueryDefinition("SELECT * FROM c")));
            Assert.Equal(changes.Select(c => c.Id).Order(), queried.Select(d => d.Id).Order());
        }
        var union = perRange.SelectMany(r => r).ToList();
        Assert.Equal(80, union.Count);
        Assert.Equal(80, union.Distinct().Count());
        Assert.True(perRange.Count(r => r.Count > 0) > 1, "items spread over several ranges");

        // A feed range survives serialisation, as a processor's lease stores it.
        var restored = FeedRange.FromJsonString(ranges[0].ToJsonString());
        var (again, _, _) = await ChangesAsync(container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Beginning(restored), ChangeFeedMode.LatestVersion));
        Assert.Equal(perRange[0].Order(), again.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task PartitionKeyScopeAndPointInTimeStart()
    {
        await using var db = await emulator.NewDatabaseAsync("cf-scope");
        var container = await db.NewContainerAsync("items");
        await container.CreateItemAsync(new Doc("a1", "a", 1));
        await container.CreateItemAsync(new Doc("b1", "b", 2));
        await Task.Delay(1500);
        var between = DateTime.UtcNow;
        await Task.Delay(1500);
        await container.CreateItemAsync(new Doc("a2", "a", 3));

        var (onlyA, _, _) = await ChangesAsync(container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Beginning(FeedRange.FromPartitionKey(new PartitionKey("a"))), ChangeFeedMode.LatestVersion));
        Assert.Equal(["a1", "a2"], onlyA.Select(d => d.Id));
        var (sinceTime, _, _) = await ChangesAsync(container.GetChangeFeedIterator<Doc>(
            ChangeFeedStartFrom.Time(between), ChangeFeedMode.LatestVersion));
        Assert.Equal(["a2"], sinceTime.Select(d => d.Id));
    }

    [Fact]
    public async Task AllVersionsAndDeletesFromNowWithMetadata()
    {
        await using var db = await emulator.NewDatabaseAsync("cf-avad");
        var container = await db.NewContainerAsync("items");
        var iterator = container.GetChangeFeedIterator<ChangeFeedItem<Doc>>(
            ChangeFeedStartFrom.Now(), ChangeFeedMode.AllVersionsAndDeletes);
        Assert.Equal(HttpStatusCode.NotModified, (await iterator.ReadNextAsync()).StatusCode);

        var pk = new PartitionKey("p");
        await container.CreateItemAsync(new Doc("v", "p", 1), pk);
        await container.ReplaceItemAsync(new Doc("v", "p", 2), "v", pk);
        await container.DeleteItemAsync<Doc>("v", pk);
        var (changes, _, continuation) = await ChangesAsync(iterator);

        Assert.Equal([ChangeFeedOperationType.Create, ChangeFeedOperationType.Replace, ChangeFeedOperationType.Delete],
            changes.Select(c => c.Metadata.OperationType));
        Assert.Equal([1, 2], changes.Take(2).Select(c => c.Current.N));
        Assert.True(changes[0].Metadata.Lsn < changes[1].Metadata.Lsn && changes[1].Metadata.Lsn < changes[2].Metadata.Lsn);
        Assert.Equal("v", changes[2].Metadata.Id);
        Assert.False(changes[2].Metadata.IsTimeToLiveExpired);

        await container.CreateItemAsync(new Doc("w", "p", 3), pk);
        var resumed = container.GetChangeFeedIterator<ChangeFeedItem<Doc>>(
            ChangeFeedStartFrom.ContinuationToken(continuation), ChangeFeedMode.AllVersionsAndDeletes);
        var (later, _, _) = await ChangesAsync(resumed);
        Assert.Equal(["w"], later.Select(c => c.Current.Id));
    }

    [Fact]
    public async Task AllVersionsAndDeletesCannotStartFromTheBeginning()
    {
        await using var db = await emulator.NewDatabaseAsync("cf-avad-start");
        var container = await db.NewContainerAsync("items");
        await container.CreateItemAsync(new Doc("x", "p", 1));
        using var iterator = container.GetChangeFeedIterator<ChangeFeedItem<Doc>>(
            ChangeFeedStartFrom.Beginning(), ChangeFeedMode.AllVersionsAndDeletes);
        var error = await Assert.ThrowsAsync<CosmosException>(() => iterator.ReadNextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }
}
