using Splitstream.QueryApi.Notifications;
using Splitstream.Store;

namespace Splitstream.Notifications.Tests;

internal static class WebhooksApiIds
{
    public static string Verification(WebhookEndpoint endpoint) => WebhooksApi.VerificationDeliveryId(endpoint.EndpointId);
}
