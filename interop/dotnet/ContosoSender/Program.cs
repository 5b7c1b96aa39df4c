// Sends movie orders the way Contoso's own C# data generator does: UTF-8 JSON bytes in Contoso's field order,
// an empty PaymentTransactionId, and orders of two regions going to two event hubs. Marquee's ingest must store
// each once and count it once in the views; this program is how the tests check that against a .NET producer.
//
//   dotnet run --project interop/dotnet/ContosoSender -- --count 200 --hubs region1,region2 [--seed 1] [--out sent.jsonl]
//
// EVENTHUB_CONNECTION_STRING names the namespace (the local emulator's connection string works as is).
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using ContosoSender;

var options = SenderOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(SenderOptions.Usage);
    return 2;
}
var connection = Environment.GetEnvironmentVariable("EVENTHUB_CONNECTION_STRING");
if (string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine("EVENTHUB_CONNECTION_STRING is not set");
    return 2;
}

// Names such as Chloé go out as real UTF-8 multi-byte characters, not \u escapes, as a site's JSON would.
var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
var orders = new OrderGenerator(options.Seed, DateTimeOffset.UtcNow).Take(options.Count).ToList();
await using var record = options.Out is null ? null : new StreamWriter(options.Out, append: false, new UTF8Encoding(false));
var sentPerHub = new Dictionary<string, int>();
for (var r = 0; r < options.Hubs.Count; r++)
{
    var hub = options.Hubs[r];
    var region = OrderGenerator.Regions[r % OrderGenerator.Regions.Length];
    var bodies = orders.Where(o => o.Region == region).Select(o => JsonSerializer.SerializeToUtf8Bytes(o, json)).ToList();
    await using var producer = new EventHubProducerClient(connection, hub);
    var sent = 0;
    while (sent < bodies.Count)
    {
        using var batch = await producer.CreateBatchAsync();
        var start = sent;
        while (sent < bodies.Count && batch.TryAdd(new EventData(bodies[sent]) { ContentType = "application/json" })) sent++;
        if (sent == start) throw new InvalidOperationException($"order {sent} does not fit in an empty batch");
        await producer.SendAsync(batch);
    }
    sentPerHub[hub] = sent;
    if (record is not null)
    {
        foreach (var body in bodies)
        {
            await record.WriteLineAsync(JsonSerializer.Serialize(new { hub, body = Encoding.UTF8.GetString(body) }, json));
        }
    }
}
Console.WriteLine($"done: sent={sentPerHub.Values.Sum()} " + string.Join(" ", sentPerHub.Select(p => $"{p.Key}={p.Value}")));
return 0;
