namespace Splitstream.AppHost;

/// <summary>The <c>AppHost</c> section: where the two HTTP services listen and where run.json goes.</summary>
public sealed class AppHostOptions
{
    public const string Section = "AppHost";

    public string IngestUrl { get; set; } = "http://127.0.0.1:8080";

    public string QueryUrl { get; set; } = "http://127.0.0.1:8081";

    public string DataDirectory { get; set; } = ".data";
}
