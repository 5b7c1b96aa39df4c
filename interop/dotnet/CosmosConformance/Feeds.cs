using System.Net;
using Microsoft.Azure.Cosmos;

namespace CosmosConformance;

/// <summary>Drains query and change feed iterators, keeping each page for assertions on paging.</summary>
public static class Feeds
{
    public static async Task<List<List<T>>> PagesAsync<T>(FeedIterator<T> iterator)
    {
        var pages = new List<List<T>>();
        using (iterator)
        {
            while (iterator.HasMoreResults) pages.Add((await iterator.ReadNextAsync()).ToList());
        }
        return pages;
    }

    public static async Task<List<T>> AllAsync<T>(FeedIterator<T> iterator) =>
        (await PagesAsync(iterator)).SelectMany(p => p).ToList();

    /// <summary>Reads a change feed until it says "nothing more for now" (304); returns the changes, the
    /// pages and the continuation to resume from.</summary>
    public static async Task<(List<T> Changes, List<int> PageSizes, string Continuation)> ChangesAsync<T>(
        FeedIterator<T> iterator)
    {
        var changes = new List<T>();
        var sizes = new List<int>();
        using (iterator)
        {
            while (iterator.HasMoreResults)
            {
                var page = await iterator.ReadNextAsync();
                if (page.StatusCode == HttpStatusCode.NotModified) return (changes, sizes, page.ContinuationToken);
                sizes.Add(page.Count);
                changes.AddRange(page);
            }
        }
        throw new InvalidOperationException("a change feed iterator always has more results");
    }

    /// <summary>Waits until the condition holds, polling; fails with the message after the deadline.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"not within {seconds} s: {what}");
            await Task.Delay(200);
        }
    }
}
