// Command line of the fleet member: `--name value` pairs, every one with a default but the endpoint and key.
internal sealed record Options(
    string Endpoint,
    string Key,
    string Database,
    string Monitored,
    string Leases,
    string Processor,
    string Instance,
    int RenewMs,
    int AcquireMs,
    int ExpiryMs,
    int PollMs,
    int MaxItems,
    string Start,
    string Output)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --name, got {args[i]}");
            values[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string? fallback = null) =>
            values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
        int Ms(string name, int fallback) => int.Parse(Get(name, fallback.ToString()));
        return new Options(
            Endpoint: Get("endpoint"),
            Key: Get("key"),
            Database: Get("database", "marquee"),
            Monitored: Get("monitored", "events"),
            Leases: Get("leases", "leases"),
            Processor: Get("processor", "fleet"),
            Instance: Get("instance", $"{Environment.MachineName}:{Environment.ProcessId}"),
            RenewMs: Ms("renew-ms", 17_000),
            AcquireMs: Ms("acquire-ms", 13_000),
            ExpiryMs: Ms("expiry-ms", 60_000),
            PollMs: Ms("poll-ms", 1_000),
            MaxItems: Ms("max-items", 100),
            Start: Get("start", "beginning"),
            Output: Get("output", "changes"));
    }
}
