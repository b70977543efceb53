using Google.Protobuf.Reflection;

namespace Splitstream.Schemas;

/// <summary>
/// Compatibility of one Protobuf schema version with another, in the schema registry's levels (Confluent's names:
/// NONE, BACKWARD, FORWARD, FULL and their _TRANSITIVE forms). Differences carry Confluent's error types.
/// </summary>
/// <remarks>
/// Protobuf readers skip fields they do not know, so what breaks is what changes the meaning of bytes already written or
/// still to be written: a message type that disappears (records name it by index), a field number whose type, kind or
/// cardinality changes, a required field appearing or disappearing, an enum constant removed. A field removed without
/// reserving its number is refused too (BACKWARD): the number could be reused with another meaning, and old records
/// would then decode into the wrong field; <c>reserved</c> keeps the removal safe and is accepted.
/// </remarks>
public static class ProtoSchemaCompatibility
{
    public static readonly IReadOnlyList<string> Levels =
        ["NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"];

    /// <summary>
    /// The incompatibilities of <paramref name="next"/> under <paramref name="level"/>, against <paramref name="earlier"/>
    /// (oldest first): the latest only, or every one for the transitive levels. Empty when compatible.
    /// </summary>
    public static IReadOnlyList<ProtoSchemaDifference> Check(string level, IReadOnlyList<FileDescriptorProto> earlier, FileDescriptorProto next)
    {
        if (level == "NONE" || earlier.Count == 0)
        {
            return [];
        }
        var against = level.EndsWith("_TRANSITIVE", StringComparison.Ordinal) ? earlier : [earlier[^1]];
        var backward = level.StartsWith("BACKWARD", StringComparison.Ordinal) || level.StartsWith("FULL", StringComparison.Ordinal);
        var forward = level.StartsWith("FORWARD", StringComparison.Ordinal) || level.StartsWith("FULL", StringComparison.Ordinal);
        return against
            .SelectMany(previous => Differences(previous, next))
            .Where(d => (backward && d.BreaksBackward) || (forward && d.BreaksForward))
            .Distinct()
            .ToList();
    }

    /// <summary>Every difference from <paramref name="previous"/> to <paramref name="next"/> that matters to a reader.</summary>
    public static IReadOnlyList<ProtoSchemaDifference> Differences(FileDescriptorProto previous, FileDescriptorProto next)
    {
        var result = new List<ProtoSchemaDifference>();
        if (previous.Package != next.Package)
        {
            result.Add(new("PACKAGE_CHANGED", $"package changed from '{previous.Package}' to '{next.Package}'", true, true));
        }
        var before = Messages(previous);
        var after = Messages(next);
        var enumsBefore = Enums(previous);
        var enumsAfter = Enums(next);
        foreach (var (name, message) in before)
        {
            if (!after.TryGetValue(name, out var changed))
            {
                result.Add(new("MESSAGE_REMOVED", $"message {name} was removed", true, false));
                continue;
            }
            CompareFields(name, message, changed, result);
        }
        foreach (var (name, message) in after.Where(m => !before.ContainsKey(m.Key)))
        {
            foreach (var field in message.Field.Where(f => f.Label == FieldDescriptorProto.Types.Label.Required))
            {
                result.Add(new("REQUIRED_FIELD_ADDED", $"required field {name}.{field.Name} was added", true, false));
            }
        }
        foreach (var (name, enumType) in enumsBefore)
        {
            if (!enumsAfter.TryGetValue(name, out var changed))
            {
                result.Add(new("ENUM_REMOVED", $"enum {name} was removed", true, false));
                continue;
            }
            foreach (var value in enumType.Value.Where(v => changed.Value.All(c => c.Number != v.Number)))
            {
                result.Add(new("ENUM_CONST_REMOVED", $"enum constant {name}.{value.Name} ({value.Number}) was removed", true, false));
            }
        }
        return result;
    }

    private static void CompareFields(string messageName, DescriptorProto previous, DescriptorProto next, List<ProtoSchemaDifference> result)
    {
        foreach (var field in previous.Field)
        {
            var where = $"{messageName}.{field.Name} ({field.Number})";
            var changed = next.Field.FirstOrDefault(f => f.Number == field.Number);
            if (changed is null)
            {
                var reserved = next.ReservedRange.Any(r => field.Number >= r.Start && field.Number < r.End);
                if (field.Label == FieldDescriptorProto.Types.Label.Required)
                {
                    result.Add(new("REQUIRED_FIELD_REMOVED", $"required field {where} was removed", false, true));
                }
                else if (!reserved)
                {
                    result.Add(new("FIELD_REMOVED", $"field {where} was removed without reserving its number", true, false));
                }
                continue;
            }
            if (Kind(field) != Kind(changed))
            {
                result.Add(new("FIELD_KIND_CHANGED", $"field {where} changed from {Kind(field)} to {Kind(changed)}", true, true));
            }
            else if (field.Type != changed.Type && Kind(field) == "scalar")
            {
                result.Add(new("FIELD_SCALAR_KIND_CHANGED",
                    $"field {where} changed type from {TypeName(field)} to {TypeName(changed)}", true, true));
            }
            else if (field.TypeName != changed.TypeName && !IsMapEntryRename(field, changed))
            {
                result.Add(new("FIELD_NAMED_TYPE_CHANGED", $"field {where} changed type from {field.TypeName} to {changed.TypeName}", true, true));
            }
            if ((field.Label == FieldDescriptorProto.Types.Label.Repeated) != (changed.Label == FieldDescriptorProto.Types.Label.Repeated))
            {
                result.Add(new("FIELD_LABEL_CHANGED", $"field {where} changed between repeated and singular", true, true));
            }
        }
        foreach (var field in next.Field.Where(f => f.Label == FieldDescriptorProto.Types.Label.Required
                     && previous.Field.All(p => p.Number != f.Number)))
        {
            result.Add(new("REQUIRED_FIELD_ADDED", $"required field {messageName}.{field.Name} ({field.Number}) was added", true, false));
        }
    }

    private static bool IsMapEntryRename(FieldDescriptorProto previous, FieldDescriptorProto next) =>
        previous.TypeName.EndsWith("Entry", StringComparison.Ordinal) && next.TypeName.EndsWith("Entry", StringComparison.Ordinal)
        && previous.Name != next.Name;

    private static string Kind(FieldDescriptorProto field) => field.Type switch
    {
        FieldDescriptorProto.Types.Type.Message or FieldDescriptorProto.Types.Type.Group => "message",
        FieldDescriptorProto.Types.Type.Enum => "enum",
        _ => "scalar",
    };

    private static string TypeName(FieldDescriptorProto field) => field.Type.ToString().ToLowerInvariant();

    private static Dictionary<string, DescriptorProto> Messages(FileDescriptorProto file)
    {
        var result = new Dictionary<string, DescriptorProto>(StringComparer.Ordinal);
        void Add(string scope, IEnumerable<DescriptorProto> messages)
        {
            foreach (var message in messages)
            {
                var name = scope.Length == 0 ? message.Name : scope + "." + message.Name;
                result[name] = message;
                Add(name, message.NestedType);
            }
        }
        Add(file.Package, file.MessageType);
        return result;
    }

    private static Dictionary<string, EnumDescriptorProto> Enums(FileDescriptorProto file)
    {
        var result = new Dictionary<string, EnumDescriptorProto>(StringComparer.Ordinal);
        void Add(string scope, IEnumerable<DescriptorProto> messages, IEnumerable<EnumDescriptorProto> enums)
        {
            foreach (var e in enums)
            {
                result[scope.Length == 0 ? e.Name : scope + "." + e.Name] = e;
            }
            foreach (var message in messages)
            {
                var name = scope.Length == 0 ? message.Name : scope + "." + message.Name;
                Add(name, message.NestedType, message.EnumType);
            }
        }
        Add(file.Package, file.MessageType, file.EnumType);
        return result;
    }
}
