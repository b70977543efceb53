namespace Splitstream.ServiceDefaults;

/// <summary>The <c>SchemaRegistry</c> section: a Confluent-compatible registry URL; empty means the embedded registry.</summary>
public sealed class SchemaRegistryOptions
{
    public const string Section = "SchemaRegistry";

    public string Url { get; set; } = "";
}
