namespace Splitstream.AppHost;

/// <summary>Polls the services' /readyz until all answer 200, so run.json is written only when it is true.</summary>
public static class ReadinessWaiter
{
    public static async Task WaitAsync(IEnumerable<string> baseUrls, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var url in baseUrls)
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(url.TrimEnd('/') + "/readyz", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
