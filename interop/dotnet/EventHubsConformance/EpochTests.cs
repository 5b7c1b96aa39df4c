using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Producer;
using static EventHubsConformance.Partitions;

namespace EventHubsConformance;

/// <summary>Exclusive (owner level) receivers, as a processor's load balancing relies on them.</summary>
public sealed class EpochTests
{
    private const string Hub = "epochs";
    private const string Group = "fleet";

    private static PartitionReceiver Receiver(string partition, long? ownerLevel) =>
        new(Group, partition, EventPosition.Earliest, Emulator.ConnectionString, Hub,
            new PartitionReceiverOptions { OwnerLevel = ownerLevel });

    private static Task<IEnumerable<EventData>> Receive(PartitionReceiver receiver) =>
        receiver.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(500), Emulator.Timeout());

    [Fact]
    public async Task AHigherOwnerLevelDisconnectsTheOwnerAndALowerOneIsRefused()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        await producer.SendAsync([Event("x")], new SendEventOptions { PartitionId = "0" });

        await using var first = Receiver("0", 1);
        Assert.Equal(["x"], (await Receive(first)).Select(Body));

        await using var second = Receiver("0", 2);
        Assert.Equal(["x"], (await Receive(second)).Select(Body));

        var stolen = await Assert.ThrowsAsync<EventHubsException>(() => Receive(first));
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, stolen.Reason);

        await using var lower = Receiver("0", 1);
        var refused = await Assert.ThrowsAsync<EventHubsException>(() => Receive(lower));
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, refused.Reason);

        await using var plain = Receiver("0", null);
        await Assert.ThrowsAsync<EventHubsException>(() => Receive(plain));

        // The owner is unaffected by the refused ones.
        await producer.SendAsync([Event("y")], new SendEventOptions { PartitionId = "0" });
        var after = await second.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5), Emulator.Timeout());
        Assert.Equal(["y"], after.Select(Body));
    }

    [Fact]
    public async Task ReceiversWithoutAnOwnerLevelCoexist()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        await producer.SendAsync([Event("shared")], new SendEventOptions { PartitionId = "1" });
        await using var a = Receiver("1", null);
        await using var b = Receiver("1", null);
        Assert.Equal(["shared"], (await Receive(a)).Select(Body));
        Assert.Equal(["shared"], (await Receive(b)).Select(Body));
        Assert.Equal(["shared"], (await Receive(Receiver("1", null))).Select(Body));
    }
}
