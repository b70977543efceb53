using Splitstream.QueryApi;
using Splitstream.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddQueryApi();

var app = builder.Build();
app.UseQueryApi();
app.MapDefaultEndpoints();
app.MapQueryApiV1();
app.Run();
