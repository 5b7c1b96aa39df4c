using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace CosmosConformance;

[Collection(EmulatorCollection.Name)]
public sealed class ItemTests(Emulator emulator)
{
    [Fact]
    public async Task CreateReadReplaceUpsertDeleteWithSystemProperties()
    {
        await using var db = await emulator.NewDatabaseAsync("items");
        var container = await db.NewContainerAsync("items");
        var pk = new PartitionKey("p1");

        var created = await container.CreateItemAsync(new Doc("a", "p1", 1), pk);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.True(created.RequestCharge > 0);

        var read = await container.ReadItemAsync<JObject>("a", pk);
        Assert.Equal(1, read.Resource["n"]!.Value<int>());
        Assert.Equal(created.ETag, read.ETag);
        Assert.Equal(created.ETag, read.Resource["_etag"]!.Value<string>());
        foreach (var system in new[] { "_rid", "_self", "_ts", "_etag" }) Assert.NotNull(read.Resource[system]);

        var replaced = await container.ReplaceItemAsync(new Doc("a", "p1", 2), "a", pk);
        Assert.NotEqual(created.ETag, replaced.ETag);
        var upserted = await container.UpsertItemAsync(new Doc("b", "p1", 3), pk);
        Assert.Equal(HttpStatusCode.Created, upserted.StatusCode);
        var upsertedAgain = await container.UpsertItemAsync(new Doc("b", "p1", 4), pk);
        Assert.Equal(HttpStatusCode.OK, upsertedAgain.StatusCode);

        var deleted = await container.DeleteItemAsync<Doc>("a", pk);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var gone = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<Doc>("a", pk));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        // The same id in another partition is another item.
        await container.CreateItemAsync(new Doc("b", "p2", 5), new PartitionKey("p2"));
        Assert.Equal(4, (await container.ReadItemAsync<Doc>("b", pk)).Resource.N);
    }

    [Fact]
    public async Task StreamApiReturnsStatusCodesInsteadOfThrowing()
    {
        await using var db = await emulator.NewDatabaseAsync("streams");
        var container = await db.NewContainerAsync("items");
        var body = new MemoryStream("{\"id\":\"s\",\"pk\":\"p\",\"n\":7}"u8.ToArray());
        using (var created = await container.CreateItemStreamAsync(body, new PartitionKey("p")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var missing = await container.ReadItemStreamAsync("nope", new PartitionKey("p"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var found = await container.ReadItemStreamAsync("s", new PartitionKey("p"));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var json = JObject.Parse(await new StreamReader(found.Content).ReadToEndAsync());
        Assert.Equal(7, json["n"]!.Value<int>());
    }

    [Fact]
    public async Task ETagsGuardWritesAndReads()
    {
        await using var db = await emulator.NewDatabaseAsync("etags");
        var container = await db.NewContainerAsync("items");
        var pk = new PartitionKey("p");
        var v1 = await container.CreateItemAsync(new Doc("e", "p", 1), pk);
        var v2 = await container.ReplaceItemAsync(new Doc("e", "p", 2), "e", pk,
            new ItemRequestOptions { IfMatchEtag = v1.ETag });

        var stale = await Assert.ThrowsAsync<CosmosException>(() => container.ReplaceItemAsync(
            new Doc("e", "p", 3), "e", pk, new ItemRequestOptions { IfMatchEtag = v1.ETag }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var staleDelete = await Assert.ThrowsAsync<CosmosException>(() => container.DeleteItemAsync<Doc>(
            "e", pk, new ItemRequestOptions { IfMatchEtag = v1.ETag }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);

        using var notModified = await container.ReadItemStreamAsync("e", pk,
            new ItemRequestOptions { IfNoneMatchEtag = v2.ETag });
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var modified = await container.ReadItemStreamAsync("e", pk,
            new ItemRequestOptions { IfNoneMatchEtag = v1.ETag });
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);

        var duplicate = await Assert.ThrowsAsync<CosmosException>(
            () => container.CreateItemAsync(new Doc("e", "p", 9), pk));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(2, (await container.ReadItemAsync<Doc>("e", pk)).Resource.N);
    }

    [Fact]
    public async Task PatchOperationsAndAConditionalPatch()
    {
        await using var db = await emulator.NewDatabaseAsync("patch");
        var container = await db.NewContainerAsync("items");
        var pk = new PartitionKey("p");
        await container.CreateItemAsync(new Doc("x", "p", 10, "old"), pk);

        var patched = await container.PatchItemAsync<JObject>("x", pk, [
            PatchOperation.Increment("/n", 5),
            PatchOperation.Set("/tag", "new"),
            PatchOperation.Add("/extra", new[] { 1, 2 }),
        ]);
        Assert.Equal(15, patched.Resource["n"]!.Value<int>());
        Assert.Equal("new", patched.Resource["tag"]!.Value<string>());
        Assert.Equal(2, patched.Resource["extra"]!.Count());

        var refused = await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<JObject>("x", pk,
            [PatchOperation.Remove("/extra")], new PatchItemRequestOptions { FilterPredicate = "FROM c WHERE c.n > 100" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        var removed = await container.PatchItemAsync<JObject>("x", pk,
            [PatchOperation.Remove("/extra")], new PatchItemRequestOptions { FilterPredicate = "FROM c WHERE c.n = 15" });
        Assert.Null(removed.Resource["extra"]);
    }

    [Fact]
    public async Task AnItemOverTwoMegabytesIsRefused()
    {
        await using var db = await emulator.NewDatabaseAsync("big");
        var container = await db.NewContainerAsync("items");
        var big = new { id = "big", pk = "p", blob = new string('x', 2 * 1024 * 1024 + 10) };
        var error = await Assert.ThrowsAsync<CosmosException>(() => container.CreateItemAsync(big, new PartitionKey("p")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
    }
}
