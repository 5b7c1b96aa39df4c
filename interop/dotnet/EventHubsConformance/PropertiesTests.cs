using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Producer;
using static EventHubsConformance.Partitions;

namespace EventHubsConformance;

public sealed class PropertiesTests
{
    private const string Hub = "properties";

    [Fact]
    public async Task AnEmptyPartitionSaysSoAndASentOneCountsItsEvents()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        var empty = await producer.GetPartitionPropertiesAsync("0", Emulator.Timeout());
        Assert.True(empty.IsEmpty);
        Assert.Equal(-1, empty.LastEnqueuedSequenceNumber);

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await producer.SendAsync([Event("p0"), Event("p1"), Event("p2")], new SendEventOptions { PartitionId = "1" });
        var sent = await producer.GetPartitionPropertiesAsync("1", Emulator.Timeout());
        Assert.False(sent.IsEmpty);
        Assert.Equal(Hub, sent.EventHubName);
        Assert.Equal("1", sent.Id);
        Assert.Equal(0, sent.BeginningSequenceNumber);
        Assert.Equal(2, sent.LastEnqueuedSequenceNumber);
        Assert.False(string.IsNullOrEmpty(sent.LastEnqueuedOffsetString));
        Assert.InRange(sent.LastEnqueuedTime, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task ReceiversTrackTheLastEnqueuedEvent()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        var only = new SendEventOptions { PartitionId = "2" };
        await producer.SendAsync([Event("m0"), Event("m1"), Event("m2"), Event("m3")], only);

        await using var receiver = new PartitionReceiver(
            EventHubConsumerClient.DefaultConsumerGroupName, "2", EventPosition.Earliest, Emulator.ConnectionString, Hub,
            new PartitionReceiverOptions { TrackLastEnqueuedEventProperties = true });
        var first = await receiver.ReceiveBatchAsync(1, TimeSpan.FromSeconds(5), Emulator.Timeout());
        Assert.Equal(["m0"], first.Select(Body));
        var last = receiver.ReadLastEnqueuedEventProperties();
        Assert.Equal(3, last.SequenceNumber);
        Assert.NotNull(last.EnqueuedTime);
        Assert.NotNull(last.LastReceivedTime);

        await using var consumer = new EventHubConsumerClient(
            EventHubConsumerClient.DefaultConsumerGroupName, Emulator.ConnectionString, Hub);
        var options = new ReadEventOptions { TrackLastEnqueuedEventProperties = true };
        await foreach (var pe in consumer.ReadEventsFromPartitionAsync("2", EventPosition.Earliest, options, Emulator.Timeout()))
        {
            Assert.Equal(3, pe.Partition.ReadLastEnqueuedEventProperties().SequenceNumber);
            break;
        }
    }

    [Fact]
    public async Task BodiesAndPropertiesRoundTripByteForByte()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        var body = "{\"Region\":\"Région 2\",\"PaymentTransactionId\":\"\",\"Total\":27.96}"u8.ToArray();
        var sent = new EventData(body) { ContentType = "application/json", MessageId = "order-1", CorrelationId = "c-1" };
        sent.Properties["source"] = "contoso-web";
        sent.Properties["attempt"] = 2;
        await producer.SendAsync([sent], new SendEventOptions { PartitionId = "0" });

        var received = (await ReadAsync(Hub, "0", EventPosition.Earliest)).Single(e => e.MessageId == "order-1");
        Assert.Equal(body, received.EventBody.ToArray());
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("c-1", received.CorrelationId);
        Assert.Equal("contoso-web", received.Properties["source"]);
        Assert.Equal(typeof(int), received.Properties["attempt"].GetType());
        Assert.Equal(2, (int)received.Properties["attempt"]);
    }
}
