using Newtonsoft.Json;

namespace CosmosConformance;

/// <summary>The item the suite writes: an id, a partition key and a couple of fields to query on.</summary>
public sealed record Doc(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("pk")] string Pk,
    [property: JsonProperty("n")] int N,
    [property: JsonProperty("tag")] string Tag = "")
{
    [JsonProperty("ttl", NullValueHandling = NullValueHandling.Ignore)]
    public int? Ttl { get; init; }

    [JsonProperty("_etag", NullValueHandling = NullValueHandling.Ignore)]
    public string? ETag { get; init; }

    [JsonProperty("_ts", NullValueHandling = NullValueHandling.Ignore)]
    public long? Ts { get; init; }
}
