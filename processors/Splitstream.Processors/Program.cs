using Splitstream.Processors;
using Splitstream.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddProcessors();
builder.Build().Run();
