using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using System.Text;

namespace EventHubsConformance;

/// <summary>Reading helpers over PartitionReceiver (the .NET processor package is not available here).</summary>
public static class Partitions
{
    public static EventData Event(string body) => new(Encoding.UTF8.GetBytes(body));

    public static string Body(EventData e) => Encoding.UTF8.GetString(e.EventBody.ToArray());

    /// <summary>Every event from <paramref name="position"/> until one wait brings nothing new.</summary>
    public static async Task<List<EventData>> ReadAsync(
        string hub, string partition, EventPosition position, string consumerGroup = "$Default")
    {
        await using var receiver = new PartitionReceiver(consumerGroup, partition, position, Emulator.ConnectionString, hub);
        var events = new List<EventData>();
        var timeout = Emulator.Timeout();
        while (true)
        {
            var batch = (await receiver.ReceiveBatchAsync(100, TimeSpan.FromSeconds(1), timeout)).ToList();
            if (batch.Count == 0) return events;
            events.AddRange(batch);
        }
    }

    /// <summary>Bodies of every event in every partition of the hub, by partition id.</summary>
    public static async Task<Dictionary<string, List<string>>> ReadHubAsync(string hub)
    {
        await using var consumer = new EventHubConsumerClient(
            EventHubConsumerClient.DefaultConsumerGroupName, Emulator.ConnectionString, hub);
        var ids = await consumer.GetPartitionIdsAsync(Emulator.Timeout());
        var reads = ids.Select(async id => (id, events: await ReadAsync(hub, id, EventPosition.Earliest)));
        return (await Task.WhenAll(reads)).ToDictionary(r => r.id, r => r.events.Select(Body).ToList());
    }
}
