using Microsoft.Azure.Cosmos;

namespace CosmosConformance;

[Collection(EmulatorCollection.Name)]
public sealed class AccountTests(Emulator emulator)
{
    [Fact]
    public async Task ReadsTheAccountWithItsOwnAddressAsTheOnlyRegion()
    {
        var account = await emulator.Client.ReadAccountAsync();
        Assert.NotEmpty(account.WritableRegions);
        var endpoint = new Uri(Emulator.ConnectionString.Split(';')[0]["AccountEndpoint=".Length..]);
        Assert.All(account.ReadableRegions, r => Assert.Equal(endpoint.Authority, new Uri(r.Endpoint).Authority));
    }
}
