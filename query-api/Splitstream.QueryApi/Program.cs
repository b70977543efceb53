using Splitstream.QueryApi;
using Splitstream.ServiceDefaults;

// Everything this process creates is the owner's alone, files of libraries that choose their own mode included.
Splitstream.Schemas.PrivateFiles.RestrictNewFiles();

// The build output as content root (appsettings.json is there): the default, the working directory, is watched
// recursively for config changes, and with `.data` under it every store and state write would wake the watcher.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Before the embedded platform starts: a port in use is one line on stderr, not a stack trace.
if (ListenAddress.InUse((builder.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)) is { } inUse)
{
    Console.Error.WriteLine(inUse);
    return ListenAddress.ExitInUse;
}

builder.AddServiceDefaults();
builder.AddQueryApi();

var app = builder.Build();
app.UseQueryApi();
app.MapDefaultEndpoints();
app.MapQueryApiV1();
app.Run();
return ListenAddress.ExitOk;
