namespace ContosoSender;

/// <summary>An order line as Contoso's site writes it.</summary>
public sealed record OrderDetail(string Email, int ProductId, int Quantity, decimal UnitPrice);

/// <summary>
/// An order with Contoso's field names, in their order. PaymentTransactionId is empty, as in Contoso's generator,
/// so Marquee derives the event id from the content; every order here therefore differs in content.
/// </summary>
public sealed record Order(
    string Region,
    string OrderDate,
    string FirstName,
    string LastName,
    string Address,
    string City,
    string State,
    string PostalCode,
    string Country,
    string Phone,
    bool SMSOptIn,
    string SMSStatus,
    string Email,
    string ReceiptUrl,
    decimal Total,
    string PaymentTransactionId,
    bool HasBeenShipped,
    IReadOnlyList<OrderDetail> Details);

/// <summary>Reproducible orders from a seed: alternating regions, 1–4 lines of catalog movies.</summary>
public sealed class OrderGenerator(int seed, DateTimeOffset now)
{
    public static readonly string[] Regions = ["Region1", "Region2"];
    private static readonly string[] FirstNames = ["Ana", "Ben", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gus", "Hélène"];
    private static readonly string[] LastNames = ["Okafor", "Lindqvist", "Nakamura", "García", "Dubois", "Kowalski"];
    private const int FirstMovieId = 397518;
    private const int MovieCount = 500;

    public IEnumerable<Order> Take(int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var email = $"{first.ToLowerInvariant()}.{i}.{seed}@example.com";
            var lines = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => FirstMovieId + random.Next(MovieCount)).Distinct()
                .Select(id => new OrderDetail(email, id, random.Next(1, 4), 2.99m + random.Next(0, 1000) / 100m))
                .ToList();
            yield return new Order(
                Region: Regions[i % Regions.Length],
                // A few seconds apart, in the past: the same run never sends the same order twice.
                OrderDate: now.AddMilliseconds(-1000 * (count - i)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz"),
                FirstName: first,
                LastName: last,
                Address: $"{100 + i} Main St",
                City: "Redmond",
                State: "WA",
                PostalCode: "98052",
                Country: "USA",
                Phone: $"555-01{i % 100:D2}",
                SMSOptIn: i % 3 == 0,
                SMSStatus: i % 3 == 0 ? "subscribed" : "none",
                Email: email,
                ReceiptUrl: "",
                Total: lines.Sum(l => l.Quantity * l.UnitPrice),
                PaymentTransactionId: "",
                HasBeenShipped: false,
                Details: lines);
        }
    }
}
