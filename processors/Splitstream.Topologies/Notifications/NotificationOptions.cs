namespace Splitstream.Processors.Notifications;

/// <summary>Settings under <c>Notifications</c>: the topologies, the inbox fan-out and webhook delivery in the processors host.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public bool Enabled { get; set; } = true;

    /// <summary>Webhook targets on loopback, private and link-local addresses are refused unless this is true (<c>make run</c> sets it).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Timeout of one delivery request, connect to response headers.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest payload delivered; a bigger one is dead-lettered at once (the inbox still has it).</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>How long a failing delivery is retried before it is dead-lettered.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry's delay; each further one doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the dispatcher looks for due deliveries in the store.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Requests in flight at once across endpoints (each endpoint has at most one).</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>How often the reminders (inactivity, goal at risk, weekly summary) are evaluated.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(1);

    public int FanoutBatchRecords { get; set; } = 500;

    public TimeSpan FanoutMaxDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
