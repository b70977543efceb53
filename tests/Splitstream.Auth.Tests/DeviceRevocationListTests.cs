using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;

namespace Splitstream.Auth.Tests;

/// <summary>The revocation cache never answers from a list older than 5 s, and refuses when it cannot read the list.</summary>
public sealed class DeviceRevocationListTests
{
    [Fact]
    public async Task A_revocation_is_seen_once_the_cached_list_is_older_than_its_refresh_and_never_later_than_5_s()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var revoked = new List<string>();
        var loads = 0;
        var list = new DeviceRevocationList(_ => { loads++; return Task.FromResult<IReadOnlyCollection<string>>([.. revoked]); },
            Options.Create(new AuthOptions { RevocationRefreshSeconds = 60 }), clock, NullLogger<DeviceRevocationList>.Instance);

        Assert.False(await list.IsRevokedAsync("d1", default));
        revoked.Add("d1");
        clock.Advance(TimeSpan.FromSeconds(4));
        var withinCache = await list.IsRevokedAsync("d1", default);
        clock.Advance(TimeSpan.FromSeconds(1.5));

        Assert.False(withinCache);
        Assert.True(await list.IsRevokedAsync("d1", default));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_fails_closed()
    {
        var list = new DeviceRevocationList(_ => throw new InvalidOperationException("no such table: device_credentials"),
            Options.Create(new AuthOptions()), TimeProvider.System, NullLogger<DeviceRevocationList>.Instance);

        Assert.True(await list.IsRevokedAsync("d1", default));
    }
}
