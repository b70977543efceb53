namespace Splitstream.Processors.Notifications;

/// <summary>A webhook target whose resolved address is refused (SSRF protection, <see cref="Splitstream.ServiceDefaults.WebhookTargets"/>).</summary>
public sealed class WebhookTargetRefusedException(string message) : IOException(message);
