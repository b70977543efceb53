using Splitstream.ServiceDefaults;

namespace Splitstream.Notifications.Tests;

public sealed class WebhookSignatureTests
{
    // The Standard Webhooks specification's published example (also in its reference libraries' test suites).
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void The_signer_reproduces_the_specifications_test_vector() =>
        Assert.Equal(SpecSignature, WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, SpecBody));

    [Fact]
    public void The_independent_verifier_accepts_the_specifications_test_vector() =>
        Assert.True(StandardWebhookVerifier.Verify(SpecSecret, SpecId, "1614265330", SpecBody, SpecSignature));

    [Theory]
    [InlineData(SpecId, "1614265330", """{"test": 2432232315}""", "a changed body")]
    [InlineData(SpecId, "1614265331", SpecBody, "a changed timestamp")]
    [InlineData("msg_other", "1614265330", SpecBody, "another id")]
    public void The_verifier_refuses_a_delivery_whose_signed_parts_changed(string id, string timestamp, string body, string change)
    {
        Assert.False(StandardWebhookVerifier.Verify(SpecSecret, id, timestamp, body, SpecSignature), change);
    }

    [Fact]
    public void A_generated_secret_is_whsec_and_signs_what_the_verifier_accepts()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.True(WebhookSignature.IsValidSecret(secret));
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var signature = WebhookSignature.Sign(secret, "msg_1", 1_800_000_000, """{"a":1}""");
        Assert.True(StandardWebhookVerifier.Verify(secret, "msg_1", "1800000000", """{"a":1}""", "v1,bogus " + signature));
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void Secrets_without_the_prefix_or_with_too_few_bytes_are_invalid(string? secret) =>
        Assert.False(WebhookSignature.IsValidSecret(secret));
}
