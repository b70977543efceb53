using System.Globalization;
using System.Text;
using Google.Protobuf.Reflection;

namespace Splitstream.Schemas;

/// <summary>
/// Parses the text of a .proto file (proto3 and proto2 messages, enums, oneofs, maps, proto3 <c>optional</c>, nested types,
/// reserved ranges and names) into the <see cref="FileDescriptorProto"/> protoc would produce for it. The schema registry
/// needs it twice: to answer <c>GET /schemas/ids/{id}?format=serialized</c> with the base64 descriptor Confluent's
/// clients ask for, and to check a new version's compatibility field by field. Services and options are skipped, and
/// types from imported files are not resolved (a field naming one is refused with <see cref="ProtoSchemaParseException"/>).
/// </summary>
public static class ProtoSchemaParser
{
    private static readonly Dictionary<string, FieldDescriptorProto.Types.Type> Scalars = new()
    {
        ["double"] = FieldDescriptorProto.Types.Type.Double,
        ["float"] = FieldDescriptorProto.Types.Type.Float,
        ["int64"] = FieldDescriptorProto.Types.Type.Int64,
        ["uint64"] = FieldDescriptorProto.Types.Type.Uint64,
        ["int32"] = FieldDescriptorProto.Types.Type.Int32,
        ["fixed64"] = FieldDescriptorProto.Types.Type.Fixed64,
        ["fixed32"] = FieldDescriptorProto.Types.Type.Fixed32,
        ["bool"] = FieldDescriptorProto.Types.Type.Bool,
        ["string"] = FieldDescriptorProto.Types.Type.String,
        ["bytes"] = FieldDescriptorProto.Types.Type.Bytes,
        ["uint32"] = FieldDescriptorProto.Types.Type.Uint32,
        ["sfixed32"] = FieldDescriptorProto.Types.Type.Sfixed32,
        ["sfixed64"] = FieldDescriptorProto.Types.Type.Sfixed64,
        ["sint32"] = FieldDescriptorProto.Types.Type.Sint32,
        ["sint64"] = FieldDescriptorProto.Types.Type.Sint64,
    };

    public static FileDescriptorProto Parse(string text, string fileName = "schema.proto")
    {
        var reader = new Reader(Tokenize(text));
        var file = new FileDescriptorProto { Name = fileName };
        var unresolved = new List<(FieldDescriptorProto Field, string Scope)>();
        while (!reader.AtEnd)
        {
            var word = reader.Next();
            switch (word)
            {
                case "syntax":
                    reader.Expect("=");
                    file.Syntax = reader.NextString();
                    reader.Expect(";");
                    break;
                case "package":
                    file.Package = reader.NextQualifiedName();
                    reader.Expect(";");
                    break;
                case "import":
                    if (reader.Peek() is "public" or "weak")
                    {
                        reader.Next();
                    }
                    file.Dependency.Add(reader.NextString());
                    reader.Expect(";");
                    break;
                case "option":
                    ParseFileOption(reader, file);
                    break;
                case "message":
                    file.MessageType.Add(ParseMessage(reader, Scope(file.Package), file.Syntax, unresolved));
                    break;
                case "enum":
                    file.EnumType.Add(ParseEnum(reader));
                    break;
                case "service":
                case "extend":
                    reader.Next();
                    reader.SkipBlock();
                    break;
                case ";":
                    break;
                default:
                    throw reader.Error($"unexpected '{word}' at file level");
            }
        }
        if (file.Syntax == "proto2")
        {
            // protoc leaves syntax unset for proto2 files.
            file.ClearSyntax();
        }
        Resolve(file, unresolved);
        return file;
    }

    private static string Scope(string package) => package.Length == 0 ? "" : "." + package;

    private static void ParseFileOption(Reader reader, FileDescriptorProto file)
    {
        var name = reader.NextOptionName();
        reader.Expect("=");
        var value = reader.NextConstant();
        reader.Expect(";");
        file.Options ??= new Google.Protobuf.Reflection.FileOptions();
        switch (name)
        {
            case "csharp_namespace": file.Options.CsharpNamespace = value; break;
            case "java_package": file.Options.JavaPackage = value; break;
            case "java_outer_classname": file.Options.JavaOuterClassname = value; break;
            case "java_multiple_files": file.Options.JavaMultipleFiles = value == "true"; break;
            case "go_package": file.Options.GoPackage = value; break;
            case "objc_class_prefix": file.Options.ObjcClassPrefix = value; break;
            default: break; // other options do not change what a reader decodes
        }
    }

    private static DescriptorProto ParseMessage(Reader reader, string scope, string syntax, List<(FieldDescriptorProto, string)> unresolved)
    {
        var message = new DescriptorProto { Name = reader.NextIdentifier() };
        var fullName = scope + "." + message.Name;
        reader.Expect("{");
        var synthetic = new List<FieldDescriptorProto>();
        while (reader.Peek() != "}")
        {
            var word = reader.Next();
            switch (word)
            {
                case "message":
                    message.NestedType.Add(ParseMessage(reader, fullName, syntax, unresolved));
                    break;
                case "enum":
                    message.EnumType.Add(ParseEnum(reader));
                    break;
                case "oneof":
                    ParseOneof(reader, message, fullName, unresolved);
                    break;
                case "reserved":
                    ParseReserved(reader, message);
                    break;
                case "option":
                    reader.SkipStatement();
                    break;
                case "extensions":
                case "extend":
                    if (word == "extend")
                    {
                        reader.Next();
                        reader.SkipBlock();
                    }
                    else
                    {
                        reader.SkipStatement();
                    }
                    break;
                case ";":
                    break;
                case "map":
                    message.Field.Add(ParseMapField(reader, message, fullName, unresolved));
                    break;
                default:
                    var label = word switch
                    {
                        "repeated" => FieldDescriptorProto.Types.Label.Repeated,
                        "required" => FieldDescriptorProto.Types.Label.Required,
                        _ => FieldDescriptorProto.Types.Label.Optional,
                    };
                    var explicitOptional = word == "optional";
                    var type = word is "repeated" or "required" or "optional" ? reader.NextQualifiedName() : word;
                    var field = ParseFieldRest(reader, type, label, fullName, unresolved);
                    if (explicitOptional && syntax == "proto3")
                    {
                        field.Proto3Optional = true;
                        synthetic.Add(field);
                    }
                    message.Field.Add(field);
                    break;
            }
        }
        reader.Expect("}");
        // proto3 optional: protoc gives each such field a synthetic oneof "_name", after the real oneofs.
        foreach (var field in synthetic)
        {
            field.OneofIndex = message.OneofDecl.Count;
            message.OneofDecl.Add(new OneofDescriptorProto { Name = "_" + field.Name });
        }
        return message;
    }

    private static FieldDescriptorProto ParseFieldRest(
        Reader reader, string type, FieldDescriptorProto.Types.Label label, string scope, List<(FieldDescriptorProto, string)> unresolved)
    {
        var field = new FieldDescriptorProto { Label = label, Name = reader.NextIdentifier() };
        reader.Expect("=");
        field.Number = reader.NextInt();
        field.JsonName = JsonName(field.Name);
        if (reader.Peek() == "[")
        {
            ParseFieldOptions(reader, field);
        }
        reader.Expect(";");
        SetType(field, type, scope, unresolved);
        return field;
    }

    /// <summary>A scalar type now; a named type once every type of the file is known (<see cref="Resolve"/>).</summary>
    private static void SetType(FieldDescriptorProto field, string type, string scope, List<(FieldDescriptorProto, string)> unresolved)
    {
        if (Scalars.TryGetValue(type, out var scalar))
        {
            field.Type = scalar;
        }
        else
        {
            field.TypeName = type;
            unresolved.Add((field, scope));
        }
    }

    private static void ParseFieldOptions(Reader reader, FieldDescriptorProto field)
    {
        reader.Expect("[");
        while (true)
        {
            var name = reader.NextOptionName();
            reader.Expect("=");
            var value = reader.NextConstant();
            switch (name)
            {
                case "packed":
                    (field.Options ??= new FieldOptions()).Packed = value == "true";
                    break;
                case "deprecated":
                    (field.Options ??= new FieldOptions()).Deprecated = value == "true";
                    break;
                case "json_name":
                    field.JsonName = value;
                    break;
                case "default":
                    field.DefaultValue = value;
                    break;
                default:
                    break;
            }
            if (reader.Peek() == ",")
            {
                reader.Next();
                continue;
            }
            reader.Expect("]");
            return;
        }
    }

    private static FieldDescriptorProto ParseMapField(Reader reader, DescriptorProto message, string scope, List<(FieldDescriptorProto, string)> unresolved)
    {
        reader.Expect("<");
        var keyType = reader.NextQualifiedName();
        reader.Expect(",");
        var valueType = reader.NextQualifiedName();
        reader.Expect(">");
        var field = ParseFieldRest(reader, "map", FieldDescriptorProto.Types.Label.Repeated, scope, unresolved);
        unresolved.RemoveAt(unresolved.Count - 1);
        // A map is a repeated nested XxxEntry message with key = 1 and value = 2, marked map_entry.
        var entryName = string.Concat(field.Name.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..])) + "Entry";
        var entry = new DescriptorProto { Name = entryName, Options = new MessageOptions { MapEntry = true } };
        var entryScope = scope + "." + entryName;
        entry.Field.Add(EntryField("key", 1, keyType, entryScope, unresolved));
        entry.Field.Add(EntryField("value", 2, valueType, entryScope, unresolved));
        message.NestedType.Add(entry);
        field.TypeName = entryName;
        unresolved.Add((field, scope));
        return field;
    }

    private static FieldDescriptorProto EntryField(string name, int number, string type, string scope, List<(FieldDescriptorProto, string)> unresolved)
    {
        var field = new FieldDescriptorProto { Name = name, Number = number, Label = FieldDescriptorProto.Types.Label.Optional, JsonName = name };
        SetType(field, type, scope, unresolved);
        return field;
    }

    private static void ParseOneof(Reader reader, DescriptorProto message, string scope, List<(FieldDescriptorProto, string)> unresolved)
    {
        var index = message.OneofDecl.Count;
        message.OneofDecl.Add(new OneofDescriptorProto { Name = reader.NextIdentifier() });
        reader.Expect("{");
        while (reader.Peek() != "}")
        {
            var word = reader.Next();
            if (word == "option")
            {
                reader.SkipStatement();
                continue;
            }
            if (word == ";")
            {
                continue;
            }
            var field = ParseFieldRest(reader, word, FieldDescriptorProto.Types.Label.Optional, scope, unresolved);
            field.OneofIndex = index;
            message.Field.Add(field);
        }
        reader.Expect("}");
    }

    private static void ParseReserved(Reader reader, DescriptorProto message)
    {
        while (true)
        {
            var token = reader.Next();
            if (token.StartsWith('"'))
            {
                message.ReservedName.Add(Unquote(token));
            }
            else
            {
                var start = ParseInt(reader, token);
                var end = start;
                if (reader.Peek() == "to")
                {
                    reader.Next();
                    var last = reader.Next();
                    end = last == "max" ? 536_870_911 : ParseInt(reader, last);
                }
                // Descriptor ranges are half-open.
                message.ReservedRange.Add(new DescriptorProto.Types.ReservedRange { Start = start, End = end + 1 });
            }
            var separator = reader.Next();
            if (separator == ";")
            {
                return;
            }
            if (separator != ",")
            {
                throw reader.Error($"expected ',' or ';' in reserved, found '{separator}'");
            }
        }
    }

    private static EnumDescriptorProto ParseEnum(Reader reader)
    {
        var result = new EnumDescriptorProto { Name = reader.NextIdentifier() };
        reader.Expect("{");
        while (reader.Peek() != "}")
        {
            var word = reader.Next();
            switch (word)
            {
                case "option":
                case "reserved":
                    reader.SkipStatement();
                    break;
                case ";":
                    break;
                default:
                    reader.Expect("=");
                    var value = new EnumValueDescriptorProto { Name = word, Number = reader.NextInt() };
                    if (reader.Peek() == "[")
                    {
                        reader.SkipBracket();
                    }
                    reader.Expect(";");
                    result.Value.Add(value);
                    break;
            }
        }
        reader.Expect("}");
        return result;
    }

    /// <summary>Resolves type names the way protoc does: innermost scope first, outwards to the package root.</summary>
    private static void Resolve(FileDescriptorProto file, List<(FieldDescriptorProto Field, string Scope)> unresolved)
    {
        var kinds = new Dictionary<string, FieldDescriptorProto.Types.Type>(StringComparer.Ordinal);
        void Collect(string scope, IEnumerable<DescriptorProto> messages, IEnumerable<EnumDescriptorProto> enums)
        {
            foreach (var e in enums)
            {
                kinds[scope + "." + e.Name] = FieldDescriptorProto.Types.Type.Enum;
            }
            foreach (var m in messages)
            {
                var name = scope + "." + m.Name;
                kinds[name] = FieldDescriptorProto.Types.Type.Message;
                Collect(name, m.NestedType, m.EnumType);
            }
        }
        Collect(Scope(file.Package), file.MessageType, file.EnumType);

        foreach (var (field, scope) in unresolved)
        {
            var name = field.TypeName;
            string? found = null;
            if (name.StartsWith('.'))
            {
                found = kinds.ContainsKey(name) ? name : null;
            }
            else
            {
                for (var s = scope; found is null; s = s[..Math.Max(0, s.LastIndexOf('.'))])
                {
                    var candidate = s + "." + name;
                    if (kinds.ContainsKey(candidate))
                    {
                        found = candidate;
                    }
                    if (s.Length == 0)
                    {
                        break;
                    }
                }
            }
            if (found is null)
            {
                throw new ProtoSchemaParseException($"type '{name}' of field '{field.Name}' is not defined in this file");
            }
            field.TypeName = found;
            field.Type = kinds[found];
        }
    }

    private static string JsonName(string name)
    {
        var result = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return result.ToString();
    }

    private static int ParseInt(Reader reader, string token)
    {
        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(token[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }
        return int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw reader.Error($"expected a number, found '{token}'");
    }

    private static string Unquote(string token) => token.Length >= 2 ? token[1..^1] : token;

    private static List<(string Text, int Line)> Tokenize(string text)
    {
        var tokens = new List<(string, int)>();
        var line = 1;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                line += text.AsSpan(i, end - i).Count('\n');
                i = end;
            }
            else if (c is '"' or '\'')
            {
                var start = i++;
                while (i < text.Length && text[i] != c)
                {
                    i += text[i] == '\\' ? 2 : 1;
                }
                if (i >= text.Length)
                {
                    throw new ProtoSchemaParseException($"line {line}: unterminated string");
                }
                i++;
                // Normalised to double quotes so the parser needs to know one form.
                tokens.Add(("\"" + text[(start + 1)..(i - 1)] + "\"", line));
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '+')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-' or '+'))
                {
                    i++;
                }
                tokens.Add((text[start..i], line));
            }
            else
            {
                tokens.Add((c.ToString(), line));
                i++;
            }
        }
        return tokens;
    }

    private sealed class Reader(List<(string Text, int Line)> tokens)
    {
        private int position;

        public bool AtEnd => position >= tokens.Count;

        public string? Peek() => AtEnd ? null : tokens[position].Text;

        public string Next() => AtEnd ? throw Error("unexpected end of schema") : tokens[position++].Text;

        public void Expect(string token)
        {
            var found = Next();
            if (found != token)
            {
                position--;
                throw Error($"expected '{token}', found '{found}'");
            }
        }

        public string NextIdentifier()
        {
            var token = Next();
            return token.Length > 0 && (char.IsLetter(token[0]) || token[0] == '_') && !token.Contains('.')
                ? token
                : throw Error($"expected a name, found '{token}'");
        }

        public string NextQualifiedName()
        {
            var token = Next();
            return token.Length > 0 && (char.IsLetter(token[0]) || token[0] is '_' or '.')
                ? token
                : throw Error($"expected a type name, found '{token}'");
        }

        public string NextString()
        {
            var token = Next();
            return token.StartsWith('"') ? Unquote(token) : throw Error($"expected a string, found '{token}'");
        }

        public int NextInt() => ParseInt(this, Next());

        /// <summary>An option name: <c>name</c>, <c>(custom.name)</c> or <c>(custom).field</c>.</summary>
        public string NextOptionName()
        {
            var name = new StringBuilder();
            while (Peek() is { } token && token != "=")
            {
                name.Append(Next());
            }
            return name.ToString();
        }

        /// <summary>A constant: a string (unquoted here), a number, an identifier, or an aggregate <c>{…}</c> (returned empty).</summary>
        public string NextConstant()
        {
            if (Peek() == "{")
            {
                SkipBlock();
                return string.Empty;
            }
            var token = Next();
            if (token == "-" && !AtEnd)
            {
                return "-" + Next();
            }
            return token.StartsWith('"') ? Unquote(token) : token;
        }

        public void SkipStatement()
        {
            while (Next() != ";")
            {
                if (Peek() == "{")
                {
                    SkipBlock();
                }
            }
        }

        public void SkipBlock()
        {
            Expect("{");
            var depth = 1;
            while (depth > 0)
            {
                var token = Next();
                depth += token == "{" ? 1 : token == "}" ? -1 : 0;
            }
        }

        public void SkipBracket()
        {
            Expect("[");
            while (Next() != "]")
            {
            }
        }

        public ProtoSchemaParseException Error(string message) =>
            new($"line {(AtEnd ? (tokens.Count > 0 ? tokens[^1].Line : 1) : tokens[position].Line)}: {message}");
    }
}
