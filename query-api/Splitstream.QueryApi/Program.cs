using Splitstream.QueryApi;
using Splitstream.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
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
