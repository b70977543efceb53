namespace Splitstream.Processors;

/// <summary>Composition of the stream processors, shared by their own Program.cs and the all-in-one host.</summary>
public static class ProcessorsExtensions
{
    public static IHostApplicationBuilder AddProcessors(this IHostApplicationBuilder builder) => builder;
}
