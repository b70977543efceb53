using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Splitstream.Processors;
using Splitstream.ServiceDefaults;

// Processors:ManagementUrl (e.g. http://127.0.0.1:8082) gives the processors /healthz, /readyz and /metrics; without it
// they run as a plain worker (in `make run` their metrics are on the gateway's and the query API's /metrics).
var managementUrl = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build()["Processors:ManagementUrl"];
if (string.IsNullOrWhiteSpace(managementUrl))
{
    var worker = Host.CreateApplicationBuilder(args);
    worker.AddServiceDefaults();
    worker.AddProcessors();
    worker.Build().Run();
    return ListenAddress.ExitOk;
}
if (ListenAddress.InUse(managementUrl) is { } inUse)
{
    Console.Error.WriteLine(inUse);
    return ListenAddress.ExitInUse;
}
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(managementUrl);
builder.AddServiceDefaults();
builder.AddProcessors();
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
return ListenAddress.ExitOk;
