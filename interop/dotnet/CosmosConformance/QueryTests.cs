using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Linq;
using static CosmosConformance.Feeds;

namespace CosmosConformance;

/// <summary>60 items over 6 partition keys (so over several physical ranges), shared by the class.</summary>
public sealed class SixtyItems : IAsyncLifetime
{
    private readonly CosmosClient _client = Emulator.NewClient(Emulator.ConnectionString);
    private TempDatabase? _db;
    public Container Container { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _db = new TempDatabase((await _client.CreateDatabaseAsync($"query-{Guid.NewGuid():N}")).Database);
        Container = await _db.NewContainerAsync("items");
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            Container.CreateItemAsync(new Doc($"i{i:D2}", $"p{i % 6}", i, i % 2 == 0 ? "even" : "odd"))));
    }

    public async Task DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
        _client.Dispose();
    }
}

public sealed class QueryTests(SixtyItems items) : IClassFixture<SixtyItems>
{
    private readonly Container _container = items.Container;

    [Fact]
    public async Task CrossPartitionWhereWithParametersPagesAndResumesFromAContinuation()
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.n >= @min AND c.tag = @tag").WithParameter("@min", 10)
            .WithParameter("@tag", "even");
        var options = new QueryRequestOptions { MaxItemCount = 7 };
        var pages = await PagesAsync(_container.GetItemQueryIterator<Doc>(query, requestOptions: options));
        Assert.All(pages, p => Assert.InRange(p.Count, 0, 7));
        Assert.True(pages.Count(p => p.Count > 0) >= 4, "25 results in pages of at most 7");
        var all = pages.SelectMany(p => p).Select(d => d.N).Order().ToList();
        Assert.Equal(Enumerable.Range(10, 50).Where(n => n % 2 == 0), all);

        // Stop after the first page, then resume from its continuation with a new iterator.
        var first = _container.GetItemQueryIterator<Doc>(query, requestOptions: options);
        var firstPage = await first.ReadNextAsync();
        first.Dispose();
        Assert.NotNull(firstPage.ContinuationToken);
        var rest = await AllAsync(_container.GetItemQueryIterator<Doc>(query, firstPage.ContinuationToken, options));
        Assert.Equal(all, firstPage.Concat(rest).Select(d => d.N).Order());
    }

    [Fact]
    public async Task CrossPartitionOrderByAndTopArePagedInOrder()
    {
        var options = new QueryRequestOptions { MaxItemCount = 9 };
        var descending = await AllAsync(_container.GetItemQueryIterator<Doc>(
            "SELECT * FROM c ORDER BY c.n DESC", requestOptions: options));
        Assert.Equal(Enumerable.Range(0, 60).Reverse(), descending.Select(d => d.N));

        var top = await AllAsync(_container.GetItemQueryIterator<int>(
            "SELECT TOP 5 VALUE c.n FROM c WHERE c.tag = 'odd' ORDER BY c.n", requestOptions: options));
        Assert.Equal([1, 3, 5, 7, 9], top);

        var twoKeys = await AllAsync(_container.GetItemQueryIterator<Doc>(
            "SELECT * FROM c ORDER BY c.tag ASC, c.n DESC", requestOptions: options));
        Assert.Equal(Enumerable.Range(0, 60).Where(n => n % 2 == 0).Reverse()
            .Concat(Enumerable.Range(0, 60).Where(n => n % 2 == 1).Reverse()), twoKeys.Select(d => d.N));
    }

    [Fact]
    public async Task AggregatesAcrossAndWithinPartitions()
    {
        Assert.Equal([60], await AllAsync(_container.GetItemQueryIterator<int>("SELECT VALUE COUNT(1) FROM c")));
        Assert.Equal([Enumerable.Range(0, 60).Sum()],
            await AllAsync(_container.GetItemQueryIterator<int>("SELECT VALUE SUM(c.n) FROM c")));
        Assert.Equal([59], await AllAsync(_container.GetItemQueryIterator<int>("SELECT VALUE MAX(c.n) FROM c")));
        var inP0 = new QueryRequestOptions { PartitionKey = new PartitionKey("p0") };
        Assert.Equal([10], await AllAsync(_container.GetItemQueryIterator<int>(
            "SELECT VALUE COUNT(1) FROM c", requestOptions: inP0)));
        Assert.Equal([0], await AllAsync(_container.GetItemQueryIterator<int>(
            "SELECT VALUE MIN(c.n) FROM c", requestOptions: inP0)));
    }

    [Fact]
    public async Task SinglePartitionQueryWithOrderByTopAndPaging()
    {
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey("p3"), MaxItemCount = 3 };
        var pages = await PagesAsync(_container.GetItemQueryIterator<Doc>(
            "SELECT * FROM c ORDER BY c.n DESC", requestOptions: options));
        Assert.All(pages, p => Assert.InRange(p.Count, 0, 3));
        Assert.Equal([57, 51, 45, 39, 33, 27, 21, 15, 9, 3], pages.SelectMany(p => p).Select(d => d.N));
        Assert.All(pages.SelectMany(p => p), d => Assert.Equal("p3", d.Pk));
    }

    [Fact]
    public async Task LinqQueriesTranslateAndRun()
    {
        var iterator = _container.GetItemLinqQueryable<Doc>()
            .Where(d => d.Tag == "odd" && d.N < 20)
            .OrderBy(d => d.N)
            .ToFeedIterator();
        Assert.Equal([1, 3, 5, 7, 9, 11, 13, 15, 17, 19], (await AllAsync(iterator)).Select(d => d.N));
        Assert.Equal(60, (await _container.GetItemLinqQueryable<Doc>().CountAsync()).Resource);
    }

    [Fact]
    public async Task ReadManyReadsPointItemsAcrossPartitions()
    {
        var wanted = new List<(string, PartitionKey)> { ("i01", new("p1")), ("i44", new("p2")), ("i59", new("p5")) };
        var found = await _container.ReadManyItemsAsync<Doc>(wanted);
        Assert.Equal([1, 44, 59], found.Select(d => d.N).Order());
    }
}
