using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using static EventHubsConformance.Partitions;

namespace EventHubsConformance;

public sealed class LimitsTests
{
    private const string Hub = "limits";
    private const long OneMebibyte = 1024 * 1024;

    [Fact]
    public async Task BatchesAreCappedAtTheLinksMaximumMessageSize()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        using var batch = await producer.CreateBatchAsync(Emulator.Timeout());
        Assert.Equal(OneMebibyte, batch.MaximumSizeInBytes);
        Assert.False(batch.TryAdd(new EventData(new byte[OneMebibyte + 1])));
        Assert.True(batch.TryAdd(Event("fits")));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await producer.CreateBatchAsync(new CreateBatchOptions { MaximumSizeInBytes = 2 * OneMebibyte }));
    }

    [Fact]
    public async Task AnEventOverTheLimitIsRefusedAndNothingIsStored()
    {
        await using var producer = new EventHubProducerClient(Emulator.ConnectionString, Hub);
        var error = await Assert.ThrowsAsync<EventHubsException>(() =>
            producer.SendAsync([new EventData(new byte[OneMebibyte + 10])], Emulator.Timeout()));
        Assert.Equal(EventHubsException.FailureReason.MessageSizeExceeded, error.Reason);

        // The connection is still usable and the hub holds only what fit.
        await producer.SendAsync([Event("after")], Emulator.Timeout());
        var stored = await ReadAsync(Hub, "0", EventPosition.Earliest);
        Assert.Equal(["after"], stored.Select(Body));
    }
}
