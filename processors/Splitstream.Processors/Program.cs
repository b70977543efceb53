using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Splitstream.Processors;
using Splitstream.ServiceDefaults;

// Everything this process creates is the owner's alone, files of libraries that choose their own mode included.
Splitstream.Schemas.PrivateFiles.RestrictNewFiles();

// Processors:ManagementUrl (e.g. http://127.0.0.1:8082) gives the processors /healthz, /readyz and /metrics; without it
// they run as a plain worker (in `make run` their metrics are on the gateway's and the query API's /metrics).
var managementUrl = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build()["Processors:ManagementUrl"];
if (string.IsNullOrWhiteSpace(managementUrl))
{
    // The build output as content root, as the web host below.
    var worker = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
// The build output as content root (appsettings.json is there): the default, the working directory, is watched
// recursively for config changes, and with `.data` under it every store and state write would wake the watcher.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls(managementUrl);
builder.AddServiceDefaults();
builder.AddProcessors();
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
return ListenAddress.ExitOk;
