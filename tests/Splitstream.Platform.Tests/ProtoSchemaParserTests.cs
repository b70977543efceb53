using Google.Protobuf;
using Google.Protobuf.Reflection;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Platform.Tests;

/// <summary>
/// The registry's .proto parser against protoc: for every contract, the descriptor parsed from the registered text equals
/// the one protoc compiled into the generated code (Grpc.Tools at build time), so <c>format=serialized</c> answers what
/// Confluent's own registry would.
/// </summary>
public sealed class ProtoSchemaParserTests
{
    public static TheoryData<string> ContractFiles() =>
        [.. ContractDescriptors().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(ContractFiles))]
    public void Every_contract_parses_to_the_descriptor_protoc_compiled(string fileName)
    {
        var compiled = ContractDescriptors().Single(f => f.Name == fileName);
        var expected = FileDescriptorProto.Parser.ParseFrom(compiled.SerializedData);
        var text = ProtoSchemaText.For(compiled.MessageTypes[0]);

        var parsed = ProtoSchemaParser.Parse(text, fileName);

        Assert.Equal(Normalise(expected), Normalise(parsed));
    }

    [Fact]
    public void Maps_nested_types_enums_reserved_ranges_and_qualified_names_resolve_as_protoc_resolves_them()
    {
        const string text = """
            syntax = "proto3";
            package demo.v1;
            /* a block comment */
            message Outer {
              message Inner { Kind kind = 1; }
              enum Kind { KIND_UNSPECIFIED = 0; KIND_A = 1; }
              map<string, Inner> by_name = 1;
              repeated .demo.v1.Outer.Inner list = 2;
              reserved 3, 5 to 7;
              reserved "old";
              oneof pick { string a = 8; int32 b = 9; }
              optional sint64 c = 10 [deprecated = true];
            }
            """;

        var file = ProtoSchemaParser.Parse(text);

        var outer = file.MessageType.Single();
        Assert.Equal(".demo.v1.Outer.Kind", outer.NestedType.Single(n => n.Name == "Inner").Field[0].TypeName);
        var entry = outer.NestedType.Single(n => n.Name == "ByNameEntry");
        Assert.True(entry.Options.MapEntry);
        Assert.Equal(".demo.v1.Outer.Inner", entry.Field[1].TypeName);
        Assert.Equal(".demo.v1.Outer.ByNameEntry", outer.Field.Single(f => f.Name == "by_name").TypeName);
        Assert.Equal([(3, 4), (5, 8)], outer.ReservedRange.Select(r => (r.Start, r.End)));
        Assert.Equal(["pick", "_c"], outer.OneofDecl.Select(o => o.Name));
        Assert.True(outer.Field.Single(f => f.Name == "c").Proto3Optional);
    }

    [Theory]
    [InlineData("syntax = \"proto3\"; message A { Missing m = 1; }", "Missing")]
    [InlineData("syntax = \"proto3\"; message A { string x = ; }", "line 1")]
    [InlineData("syntax = \"proto3\"; message A { string x = 1;", "end of schema")]
    public void Text_that_is_not_a_schema_is_refused_with_where_and_why(string text, string expected)
    {
        var error = Assert.Throws<ProtoSchemaParseException>(() => ProtoSchemaParser.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    private static IEnumerable<FileDescriptor> ContractDescriptors() =>
        typeof(GpsBatch).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(GpsBatch).Namespace && typeof(IMessage).IsAssignableFrom(t) && !t.IsNested)
            .Select(t => ((MessageDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!).File)
            .DistinctBy(f => f.Name);

    /// <summary>Compares what a reader decodes with: json_name is a protoc detail that C# code generation leaves out.</summary>
    private static string Normalise(FileDescriptorProto file)
    {
        var copy = file.Clone();
        copy.SourceCodeInfo = null;
        foreach (var message in Flatten(copy.MessageType))
        {
            foreach (var field in message.Field)
            {
                field.ClearJsonName();
            }
        }
        return JsonFormatter.Default.Format(copy);
    }

    private static IEnumerable<DescriptorProto> Flatten(IEnumerable<DescriptorProto> messages) =>
        messages.SelectMany(m => Flatten(m.NestedType).Prepend(m));
}
