namespace EventHubsConformance;

/// <summary>
/// Where the emulator the node test started listens (EVENTHUB_CONNECTION_STRING, the emulator's
/// <c>UseDevelopmentEmulator=true</c> form). The hubs come from hubs.json beside this file, one per test class,
/// so classes run in parallel without seeing each other's events.
/// </summary>
public static class Emulator
{
    public static string ConnectionString
    {
        get
        {
            var connection = Environment.GetEnvironmentVariable("EVENTHUB_CONNECTION_STRING");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException(
                    "EVENTHUB_CONNECTION_STRING is not set: run this suite through " +
                    "test/dotnet-eventhubs.int.test.ts, which starts the emulator with hubs.json");
            }
            return connection;
        }
    }

    /// <summary>Bounds every wait so that a missing event fails the test instead of hanging it.</summary>
    public static CancellationToken Timeout(int seconds = 30) =>
        new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
