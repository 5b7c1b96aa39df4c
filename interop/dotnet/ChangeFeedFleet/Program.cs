// The official Microsoft.Azure.Cosmos change feed processor as a process that Marquee's tests and benchmark drive:
// it joins a processor (by name) on a lease container, and prints one JSON line per event on stdout:
//   {"event":"started"}                         after StartAsync returned
//   {"event":"change","lease":..,"id":..,"lsn":..,"at":<unix ms>}    each change handled (--output changes)
//   {"event":"batch","lease":..,"count":..,"at":<unix ms>,"sentAt":[..]}  each batch (--output batches)
//   {"event":"acquired"|"released","lease":..}  lease notifications
//   {"event":"error","lease":..,"message":..}   errors the processor reported
//   {"event":"stopped"}                         after StopAsync, on SIGTERM/SIGINT or stdin closing
// Handling a change = printing it: the caller counts and de-duplicates. Arguments: see Options.Parse.
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

var options = Options.Parse(args);
var output = new JsonLines(Console.OpenStandardOutput());

using var client = new CosmosClient(
    options.Endpoint,
    options.Key,
    new CosmosClientOptions
    {
        ConnectionMode = ConnectionMode.Gateway,
        // The emulator is the whole account: never go looking for regional endpoints.
        LimitToEndpoint = true,
    });

var monitored = client.GetContainer(options.Database, options.Monitored);
var leases = client.GetContainer(options.Database, options.Leases);

var builder = monitored
    .GetChangeFeedProcessorBuilder(options.Processor, (ChangeFeedProcessorContext context, Stream changes, CancellationToken _) =>
    {
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var page = JsonDocument.Parse(changes);
        var documents = page.RootElement.GetProperty("Documents");
        if (options.Output == "batches")
        {
            output.Batch(context.LeaseToken, documents, at);
        }
        else
        {
            foreach (var doc in documents.EnumerateArray()) output.Change(context.LeaseToken, doc, at);
        }
        return Task.CompletedTask;
    })
    .WithInstanceName(options.Instance)
    .WithLeaseContainer(leases)
    .WithPollInterval(TimeSpan.FromMilliseconds(options.PollMs))
    .WithMaxItems(options.MaxItems)
    .WithLeaseConfiguration(
        acquireInterval: TimeSpan.FromMilliseconds(options.AcquireMs),
        expirationInterval: TimeSpan.FromMilliseconds(options.ExpiryMs),
        renewInterval: TimeSpan.FromMilliseconds(options.RenewMs))
    .WithLeaseAcquireNotification(token =>
    {
        output.Event("acquired", token);
        return Task.CompletedTask;
    })
    .WithLeaseReleaseNotification(token =>
    {
        output.Event("released", token);
        return Task.CompletedTask;
    })
    .WithErrorNotification((token, error) =>
    {
        output.Event("error", token, error.GetType().Name + ": " + error.Message);
        return Task.CompletedTask;
    });
if (options.Start == "beginning") builder = builder.WithStartTime(DateTime.MinValue.ToUniversalTime());

var processor = builder.Build();
var stop = new TaskCompletionSource();
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = true; // stop gracefully below instead of exiting at once
    stop.TrySetResult();
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
// The parent closing our stdin means it is gone or done with us.
_ = Task.Run(() =>
{
    using var stdin = Console.OpenStandardInput();
    var buffer = new byte[256];
    while (stdin.Read(buffer, 0, buffer.Length) > 0) { }
    stop.TrySetResult();
});

await processor.StartAsync();
output.Event("started", null);
await stop.Task;
await processor.StopAsync();
output.Event("stopped", null);
output.Flush();
