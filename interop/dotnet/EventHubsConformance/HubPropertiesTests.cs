using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace EventHubsConformance;

public sealed class HubPropertiesTests
{
    private const string Hub = "properties";

    [Fact]
    public async Task TheHubListsItsPartitions()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        var properties = await producer.GetEventHubPropertiesAsync(Emulator.Timeout());
        Assert.Equal(Hub, properties.Name);
        Assert.Equal(["0", "1", "2"], properties.PartitionIds);
        Assert.Equal(["0", "1", "2"], await producer.GetPartitionIdsAsync(Emulator.Timeout()));
    }

    [Fact]
    public async Task AnUnknownHubIsNotFound()
    {
        await using var consumer = new EventHubConsumerClient(
            EventHubConsumerClient.DefaultConsumerGroupName, Emulator.ConnectionString, "no-such-hub");
        var error = await Assert.ThrowsAsync<Azure.Messaging.EventHubs.EventHubsException>(
            () => consumer.GetEventHubPropertiesAsync(Emulator.Timeout()));
        Assert.Equal(Azure.Messaging.EventHubs.EventHubsException.FailureReason.ResourceNotFound, error.Reason);
    }
}
