using System.Text.Json;

namespace Splitstream.Ingest;

/// <summary>
/// Reads <c>{"seq"?: n, "samples": [{"t", "lat", "lon", "ele"?, "acc"?, "hr"?}]}</c> with a forward-only
/// <see cref="Utf8JsonReader"/>: no intermediate DOM, because this is the gateway's hot path. Type errors are collected
/// per field and sample index; range checks are <see cref="SampleValidator"/>'s.
/// </summary>
public static class JsonSampleParser
{
    private const int MaxErrors = 100;

    public static ParseOutcome Parse(ReadOnlySpan<byte> utf8, int maxSamples)
    {
        // The reader checks UTF-8 only in the strings it decodes: a bad byte in a skipped property would pass, and one
        // in a time string would throw from GetString. JSON is UTF-8 throughout (RFC 8259), so check it all up front.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return ParseOutcome.Invalid([new FieldError("body", "is not valid UTF-8")]);
        }
        var errors = new List<FieldError>();
        var samples = new List<IncomingSample>();
        long? seq = null;
        var sawSamples = false;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ParseOutcome.Invalid([new FieldError("body", "must be a JSON object with a \"samples\" array")]);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("samples"u8))
                {
                    sawSamples = true;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        errors.Add(new FieldError("samples", "must be an array"));
                        reader.Skip();
                        continue;
                    }
                    if (!ReadSamples(ref reader, samples, errors, maxSamples))
                    {
                        return ParseOutcome.TooMany(seq);
                    }
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n >= 0)
                    {
                        seq = n;
                    }
                    else
                    {
                        errors.Add(new FieldError("seq", "must be a non-negative integer"));
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            // The reader's message names the line and byte position, never the body's content.
            return ParseOutcome.Invalid([new FieldError("body", "malformed JSON: " + e.Message)], seq);
        }
        if (!sawSamples)
        {
            errors.Add(new FieldError("samples", "is required"));
        }
        else if (samples.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FieldError("samples", "must not be empty"));
        }
        return errors.Count > 0 ? ParseOutcome.Invalid(errors, seq) : ParseOutcome.Parsed(new SampleBatch(samples, seq));
    }

    /// <summary>Reads the array's samples; false when there are more than <paramref name="maxSamples"/>.</summary>
    private static bool ReadSamples(ref Utf8JsonReader reader, List<IncomingSample> samples, List<FieldError> errors, int maxSamples)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index >= maxSamples)
            {
                return false;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                AddError(errors, $"samples[{index}]", "must be an object");
                reader.Skip();
                index++;
                continue;
            }
            samples.Add(ReadSample(ref reader, index, errors));
            index++;
        }
        return true;
    }

    private static IncomingSample ReadSample(ref Utf8JsonReader reader, int index, List<FieldError> errors)
    {
        var sample = new IncomingSample();
        var errorsBefore = errors.Count;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                ReadTime(ref reader, index, errors, ref sample);
            }
            else if (reader.ValueTextEquals("lat"u8))
            {
                reader.Read();
                sample.Lat = ReadDouble(ref reader, index, "lat", errors);
            }
            else if (reader.ValueTextEquals("lon"u8))
            {
                reader.Read();
                sample.Lon = ReadDouble(ref reader, index, "lon", errors);
            }
            else if (reader.ValueTextEquals("ele"u8))
            {
                reader.Read();
                sample.Ele = ReadDouble(ref reader, index, "ele", errors);
            }
            else if (reader.ValueTextEquals("acc"u8))
            {
                reader.Read();
                sample.Acc = ReadDouble(ref reader, index, "acc", errors);
            }
            else if (reader.ValueTextEquals("hr"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var hr))
                {
                    sample.Hr = hr;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    AddError(errors, $"samples[{index}].hr", "must be an integer (beats per minute)");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        // Only report a missing field when the sample has no type error already: one message per problem.
        var typeErrors = errors.Count > errorsBefore;
        if (!sample.HasTime && !typeErrors)
        {
            AddError(errors, $"samples[{index}].t", "is required");
        }
        if (typeErrors)
        {
            return sample;
        }
        if (sample.Lat.HasValue != sample.Lon.HasValue)
        {
            AddError(errors, $"samples[{index}].{(sample.Lat.HasValue ? "lon" : "lat")}", "is required when the other coordinate is given");
        }
        else if (!sample.HasPosition && !sample.Hr.HasValue)
        {
            AddError(errors, $"samples[{index}].lat", "is required (a sample needs lat and lon, or hr)");
        }
        return sample;
    }

    private static void ReadTime(ref Utf8JsonReader reader, int index, List<FieldError> errors, ref IncomingSample sample)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms))
        {
            sample.TimeMs = ms;
            sample.HasTime = true;
            return;
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            // Fast path: the reader's own ISO 8601 parser on the UTF-8 bytes, once the RFC 3339 shape (with offset) is checked.
            if (!reader.ValueIsEscaped && Rfc3339.HasRfc3339Shape(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var parsed))
            {
                sample.TimeMs = parsed.ToUnixTimeMilliseconds();
                sample.HasTime = true;
                return;
            }
            if (Rfc3339.TryParseEpochMs(reader.GetString(), out ms))
            {
                sample.TimeMs = ms;
                sample.HasTime = true;
                return;
            }
        }
        AddError(errors, $"samples[{index}].t", "must be an RFC 3339 time with an offset or an integer of epoch milliseconds");
    }

    private static double? ReadDouble(ref Utf8JsonReader reader, int index, string field, List<FieldError> errors)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value))
        {
            return value;
        }
        if (reader.TokenType != JsonTokenType.Null)
        {
            AddError(errors, $"samples[{index}].{field}", "must be a number");
        }
        return null;
    }

    private static void AddError(List<FieldError> errors, string field, string message)
    {
        if (errors.Count < MaxErrors)
        {
            errors.Add(new FieldError(field, message));
        }
    }
}
