using Azure.Messaging.EventHubs.Producer;
using static EventHubsConformance.Partitions;

namespace EventHubsConformance;

public sealed class SendTests
{
    [Fact]
    public async Task ByPartitionIdEveryEventLandsInThatPartition()
    {
        const string hub = "send-by-partition";
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, hub);
        await producer.SendAsync([Event("a"), Event("b")], new SendEventOptions { PartitionId = "2" });
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "2" });
        Assert.True(batch.TryAdd(Event("c")));
        await producer.SendAsync(batch);

        var hubEvents = await ReadHubAsync(hub);
        Assert.Equal(["a", "b", "c"], hubEvents["2"]);
        Assert.All(hubEvents.Where(p => p.Key != "2"), p => Assert.Empty(p.Value));
    }

    [Fact]
    public async Task ByPartitionKeyOneKeyStaysInOnePartitionAndTheKeyIsDelivered()
    {
        const string hub = "send-by-key";
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, hub);
        var keys = Enumerable.Range(0, 12).Select(i => $"customer-{i}@example.com").ToList();
        for (var round = 0; round < 3; round++)
        {
            foreach (var key in keys)
            {
                await producer.SendAsync([Event($"{key}#{round}")], new SendEventOptions { PartitionKey = key });
            }
        }

        var byPartition = new Dictionary<string, string>();
        var received = 0;
        foreach (var partition in await producer.GetPartitionIdsAsync(Emulator.Timeout()))
        {
            foreach (var e in await ReadAsync(hub, partition, Azure.Messaging.EventHubs.Consumer.EventPosition.Earliest))
            {
                received++;
                Assert.Equal(e.PartitionKey, Body(e).Split('#')[0]);
                // Same key, same partition, every round.
                Assert.Equal(partition, byPartition.TryAdd(e.PartitionKey, partition) ? partition : byPartition[e.PartitionKey]);
            }
        }
        Assert.Equal(keys.Count * 3, received);
        Assert.True(byPartition.Values.Distinct().Count() > 1, "twelve keys spread over more than one partition");
    }

    [Fact]
    public async Task WithNeitherTheServiceSpreadsBatchesOverEveryPartition()
    {
        const string hub = "send-round-robin";
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, hub);
        for (var i = 0; i < 8; i++) await producer.SendAsync([Event($"rr-{i}")]);

        var hubEvents = await ReadHubAsync(hub);
        Assert.Equal(8, hubEvents.Values.Sum(p => p.Count));
        Assert.All(hubEvents, p => Assert.NotEmpty(p.Value));
    }
}
