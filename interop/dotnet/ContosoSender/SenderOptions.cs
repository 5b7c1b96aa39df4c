namespace ContosoSender;

public sealed record SenderOptions(int Count, IReadOnlyList<string> Hubs, int Seed, string? Out)
{
    public const string Usage =
        "usage: ContosoSender --count N [--hubs region1,region2] [--seed N] [--out sent.jsonl]\n" +
        "  orders of Region1 go to the first hub, Region2 to the second (one hub: all orders there)";

    public static SenderOptions? Parse(string[] args)
    {
        int? count = null;
        var hubs = new List<string> { "region1", "region2" };
        var seed = 1;
        string? @out = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--count" when int.TryParse(value, out var n) && n >= 0: count = n; i++; break;
                case "--seed" when int.TryParse(value, out var s): seed = s; i++; break;
                case "--hubs" when !string.IsNullOrWhiteSpace(value):
                    hubs = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    i++;
                    break;
                case "--out" when !string.IsNullOrWhiteSpace(value): @out = value; i++; break;
                default: return null;
            }
        }
        return count is null || hubs.Count is 0 or > 2 ? null : new SenderOptions(count.Value, hubs, seed, @out);
    }
}
