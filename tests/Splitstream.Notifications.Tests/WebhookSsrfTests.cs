using System.Net;
using Splitstream.Processors.Notifications;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Notifications.Tests;

public sealed class WebhookSsrfTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2606:4700:4700::1111", false)]
    public void Loopback_private_and_link_local_addresses_are_refused(string address, bool refused) =>
        Assert.Equal(refused, WebhookTargets.IsRefused(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("http://user:pass@example.com/hook")]
    [InlineData("not a url")]
    public void A_url_that_targets_a_refused_address_or_is_not_http_is_refused_when_it_is_created(string url) =>
        Assert.NotNull(WebhookTargets.Problem(url, allowPrivate: false));

    [Fact]
    public void Private_targets_pass_the_url_check_when_allowed_and_public_names_always() 
    {
        Assert.Null(WebhookTargets.Problem("http://127.0.0.1:9000/hook", allowPrivate: true));
        Assert.Null(WebhookTargets.Problem("https://hooks.example.com/splitstream", allowPrivate: false));
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time_and_the_receiver_never_sees_a_request()
    {
        var secret = WebhookSignature.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        // "localhost" passes no literal-address check in the sender: only the resolved address (127.0.0.1) refuses it.
        var url = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri.ToString();
        using var sender = new WebhookSender(new NotificationOptions { AllowPrivateTargets = false }, TimeProvider.System);
        var endpoint = new WebhookEndpoint("wh_ssrf", "u", "u", url, ["*"], secret, WebhookEndpoint.Active, 0);
        var delivery = WebhookDeliveries.NewJob("wh_ssrf", "n1", "inactivity", "{}", 0, TimeSpan.FromHours(1));

        var result = await sender.SendAsync(endpoint, delivery, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("private, loopback or link-local", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, receiver.Requests);

        using var allowed = new WebhookSender(new NotificationOptions { AllowPrivateTargets = true }, TimeProvider.System);
        Assert.True((await allowed.SendAsync(endpoint, delivery, CancellationToken.None)).Accepted);
        Assert.Equal(1, receiver.Requests);
    }
}
