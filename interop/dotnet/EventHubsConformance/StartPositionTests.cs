using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using static EventHubsConformance.Partitions;

namespace EventHubsConformance;

/// <summary>Five known events in one partition, sent once for the whole class, with a gap after the second.</summary>
public sealed class FiveEvents : IAsyncLifetime
{
    public const string Hub = "start-positions";
    public const string Partition = "1";
    public List<EventData> Sent { get; private set; } = [];
    public DateTimeOffset BetweenSecondAndThird { get; private set; }

    public async Task InitializeAsync()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        var only = new SendEventOptions { PartitionId = Partition };
        await producer.SendAsync([Event("e0"), Event("e1")], only);
        await Task.Delay(1100);
        BetweenSecondAndThird = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        await producer.SendAsync([Event("e2"), Event("e3"), Event("e4")], only);
        Sent = await ReadAsync(Hub, Partition, EventPosition.Earliest);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class StartPositionTests(FiveEvents five) : IClassFixture<FiveEvents>
{
    private const string Hub = FiveEvents.Hub;
    private const string Partition = FiveEvents.Partition;
    private readonly List<EventData> _sent = five.Sent;
    private readonly DateTimeOffset _betweenSecondAndThird = five.BetweenSecondAndThird;

    private async Task<List<string>> BodiesFrom(EventPosition position) =>
        (await ReadAsync(Hub, Partition, position)).Select(Body).ToList();

    [Fact]
    public void EarliestReadsEveryEventWithSequenceNumbersAndOffsetsInOrder()
    {
        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], _sent.Select(Body));
        Assert.Equal([0L, 1, 2, 3, 4], _sent.Select(e => e.SequenceNumber));
        Assert.All(_sent, e => Assert.False(string.IsNullOrEmpty(e.OffsetString)));
        Assert.Equal(_sent.Count, _sent.Select(e => e.OffsetString).Distinct().Count());
        Assert.True(_sent.Zip(_sent.Skip(1)).All(p => p.First.EnqueuedTime <= p.Second.EnqueuedTime));
    }

    [Fact]
    public async Task SequenceNumberInclusiveAndExclusive()
    {
        Assert.Equal(["e2", "e3", "e4"], await BodiesFrom(EventPosition.FromSequenceNumber(2, isInclusive: true)));
        Assert.Equal(["e3", "e4"], await BodiesFrom(EventPosition.FromSequenceNumber(2, isInclusive: false)));
    }

    [Fact]
    public async Task OffsetInclusiveAndExclusive()
    {
        var offset = _sent[3].OffsetString;
        Assert.Equal(["e3", "e4"], await BodiesFrom(EventPosition.FromOffset(offset, isInclusive: true)));
        Assert.Equal(["e4"], await BodiesFrom(EventPosition.FromOffset(offset, isInclusive: false)));
    }

    [Fact]
    public async Task EnqueuedTimeStartsAfterThatInstant()
    {
        Assert.Equal(["e2", "e3", "e4"], await BodiesFrom(EventPosition.FromEnqueuedTime(_betweenSecondAndThird)));
    }

    [Fact]
    public async Task LatestSeesOnlyWhatIsSentAfterTheReceiverOpens()
    {
        await using var receiver = new Azure.Messaging.EventHubs.Primitives.PartitionReceiver(
            EventHubConsumerClient.DefaultConsumerGroupName, "0", EventPosition.Latest, Emulator.ConnectionString, Hub);
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        await producer.SendAsync([Event("old")], new SendEventOptions { PartitionId = "0" });
        // The link attaches on the first receive, after "old" was sent: that one is history already.
        var first = await receiver.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(200), Emulator.Timeout());
        Assert.Empty(first);
        await producer.SendAsync([Event("new")], new SendEventOptions { PartitionId = "0" });
        var next = (await receiver.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5), Emulator.Timeout())).ToList();
        Assert.Equal(["new"], next.Select(Body));
    }

    [Fact]
    public async Task ReadEventsFromPartitionAsyncStreamsFromEarliest()
    {
        await using var consumer = new EventHubConsumerClient(
            EventHubConsumerClient.DefaultConsumerGroupName, Emulator.ConnectionString, Hub);
        var bodies = new List<string>();
        await foreach (var pe in consumer.ReadEventsFromPartitionAsync(Partition, EventPosition.Earliest, Emulator.Timeout()))
        {
            bodies.Add(Body(pe.Data));
            Assert.Equal(Partition, pe.Partition.PartitionId);
            if (bodies.Count == 5) break;
        }
        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], bodies);
    }
}
