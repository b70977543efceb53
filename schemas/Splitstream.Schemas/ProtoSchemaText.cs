using System.Reflection;
using Google.Protobuf.Reflection;

namespace Splitstream.Schemas;

/// <summary>The .proto source of a generated message, as registered with the schema registry, and its message-index path.</summary>
public static class ProtoSchemaText
{
    public static string For(MessageDescriptor descriptor)
    {
        var name = "protos/" + descriptor.File.Name;
        using var stream = typeof(ProtoSchemaText).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"schema text {name} is not embedded in {typeof(ProtoSchemaText).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The path of indexes from the file root to the message, as the wire format encodes it.</summary>
    public static int[] MessageIndexes(MessageDescriptor descriptor)
    {
        var path = new List<int>();
        for (var d = descriptor; d is not null; d = d.ContainingType)
        {
            path.Insert(0, d.Index);
        }
        return [.. path];
    }

    /// <summary>The subject under which values of a topic are registered (Confluent's TopicNameStrategy).</summary>
    public static string ValueSubject(string topic) => topic + "-value";

    internal static Assembly Assembly => typeof(ProtoSchemaText).Assembly;
}
