using Splitstream.Ingest;
using Splitstream.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngest();

var app = builder.Build();
app.UseIngest();
app.MapDefaultEndpoints();
app.MapIngestApiV1();
app.Run();
