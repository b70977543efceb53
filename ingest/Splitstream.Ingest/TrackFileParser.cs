using System.Globalization;
using System.Xml;

namespace Splitstream.Ingest;

/// <summary>
/// GPX 1.0/1.1 and TCX track files, read as hostile input: no DTDs (so no entity expansion and no external entities),
/// no resolver, a bounded document size and nesting depth. Heart rate comes from Garmin's TrackPointExtension
/// (<c>gpxtpx:hr</c>) in GPX and from <c>HeartRateBpm/Value</c> in TCX; a TCX trackpoint without a position is a
/// heart-rate-only sample. Errors name the point as <c>trkpt[i].field</c>.
/// </summary>
public static class TrackFileParser
{
    public const int MaxDepth = 32;
    private const string Gpx10 = "http://www.topografix.com/GPX/1/0";
    private const string Gpx11 = "http://www.topografix.com/GPX/1/1";
    private const string Tcx2 = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

    public static ParsedTrack Parse(ReadOnlyMemory<byte> document, int maxPoints)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = document.Length * 2L + 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            Async = false,
        };
        var errors = new List<FieldError>();
        try
        {
            using var stream = new MemoryStream(document.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent();
            return (reader.LocalName, reader.NamespaceURI) switch
            {
                ("gpx", Gpx10 or Gpx11) => ParseGpx(reader, maxPoints, errors),
                ("gpx", _) => Refuse(errors, "body", "only GPX 1.0 and 1.1 are supported"),
                ("TrainingCenterDatabase", Tcx2) => ParseTcx(reader, maxPoints, errors),
                _ => Refuse(errors, "body", "not a GPX 1.0/1.1 or TCX document"),
            };
        }
        catch (XmlException e)
        {
            return Refuse(errors, "body", "unreadable XML: " + e.Message);
        }
        catch (DepthExceededException)
        {
            return Refuse(errors, "body", $"nested deeper than {MaxDepth} elements");
        }
    }

    private static ParsedTrack ParseGpx(XmlReader reader, int maxPoints, List<FieldError> errors)
    {
        var samples = new List<IncomingSample>();
        string? sport = null;
        var tooMany = false;
        ForEachElement(reader, element =>
        {
            if (element.LocalName == "type")
            {
                var declared = SportFromText(element.ReadElementContentAsString());
                sport ??= declared;
                return true;
            }
            if (element.LocalName != "trkpt" || tooMany)
            {
                return false;
            }
            var index = samples.Count;
            if (index >= maxPoints)
            {
                tooMany = true;
                return false;
            }
            var sample = new IncomingSample
            {
                Lat = ParseDouble(element.GetAttribute("lat"), $"trkpt[{index}].lat", errors),
                Lon = ParseDouble(element.GetAttribute("lon"), $"trkpt[{index}].lon", errors),
            };
            var sawTime = false;
            using (var point = element.ReadSubtree())
            {
                ForEachElement(point, field =>
                {
                    switch (field.LocalName)
                    {
                        case "ele":
                            sample.Ele = ParseDouble(field.ReadElementContentAsString(), $"trkpt[{index}].ele", errors);
                            return true;
                        case "time":
                            sawTime = true;
                            ParseTime(field.ReadElementContentAsString(), index, errors, ref sample);
                            return true;
                        case "hr":
                            sample.Hr = ParseInt(field.ReadElementContentAsString(), $"trkpt[{index}].hr", errors);
                            return true;
                        default:
                            return false;
                    }
                });
            }
            RequireTime(sawTime, index, errors);
            samples.Add(sample);
            return false;
        });
        return tooMany ? new ParsedTrack(samples, sport, errors, TooManyPoints: true) : Finish(samples, sport, errors);
    }

    private static ParsedTrack ParseTcx(XmlReader reader, int maxPoints, List<FieldError> errors)
    {
        var samples = new List<IncomingSample>();
        string? sport = null;
        var tooMany = false;
        ForEachElement(reader, element =>
        {
            if (element.LocalName == "Activity")
            {
                sport ??= SportFromText(element.GetAttribute("Sport"));
                return false;
            }
            if (element.LocalName != "Trackpoint" || tooMany)
            {
                return false;
            }
            var index = samples.Count;
            if (index >= maxPoints)
            {
                tooMany = true;
                return false;
            }
            var sample = new IncomingSample();
            var sawTime = false;
            using (var point = element.ReadSubtree())
            {
                ForEachElement(point, field =>
                {
                    switch (field.LocalName)
                    {
                        case "Time":
                            sawTime = true;
                            ParseTime(field.ReadElementContentAsString(), index, errors, ref sample);
                            return true;
                        case "LatitudeDegrees":
                            sample.Lat = ParseDouble(field.ReadElementContentAsString(), $"trkpt[{index}].lat", errors);
                            return true;
                        case "LongitudeDegrees":
                            sample.Lon = ParseDouble(field.ReadElementContentAsString(), $"trkpt[{index}].lon", errors);
                            return true;
                        case "AltitudeMeters":
                            sample.Ele = ParseDouble(field.ReadElementContentAsString(), $"trkpt[{index}].ele", errors);
                            return true;
                        case "Value":
                            // Only HeartRateBpm has a Value child in a Trackpoint.
                            sample.Hr = ParseInt(field.ReadElementContentAsString(), $"trkpt[{index}].hr", errors);
                            return true;
                        default:
                            return false;
                    }
                });
            }
            RequireTime(sawTime, index, errors);
            // TCX trackpoints without a position (sensor only) are kept for their heart rate; with neither they say nothing.
            if (sample.HasPosition || sample.Hr.HasValue)
            {
                samples.Add(sample);
            }
            return false;
        });
        return tooMany ? new ParsedTrack(samples, sport, errors, TooManyPoints: true) : Finish(samples, sport, errors);
    }

    /// <summary>
    /// Visits every element below the reader's position. The visitor returns true when it consumed the element (as
    /// ReadElementContentAsString does, leaving the reader on the next node already), false to step on with Read().
    /// </summary>
    private static void ForEachElement(XmlReader reader, Func<XmlReader, bool> visit)
    {
        var more = Read(reader);
        while (more)
        {
            if (reader.NodeType == XmlNodeType.Element && visit(reader))
            {
                more = !reader.EOF;
                continue;
            }
            more = Read(reader);
        }
    }

    private static bool Read(XmlReader reader)
    {
        var more = reader.Read();
        if (more && reader.Depth > MaxDepth)
        {
            throw new DepthExceededException();
        }
        return more;
    }

    private static ParsedTrack Finish(List<IncomingSample> samples, string? sport, List<FieldError> errors)
    {
        if (samples.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FieldError("trkpt", "the file has no track points"));
        }
        // Enough to fix a file by; a file with every point broken need not list them all.
        return new ParsedTrack(samples, sport, errors.Count > 100 ? errors[..100] : errors, TooManyPoints: false);
    }

    private static ParsedTrack Refuse(List<FieldError> errors, string field, string message)
    {
        errors.Add(new FieldError(field, message));
        return new ParsedTrack([], null, errors, TooManyPoints: false);
    }

    private static void ParseTime(string text, int index, List<FieldError> errors, ref IncomingSample sample)
    {
        if (Rfc3339.TryParseEpochMs(text.Trim(), out var ms))
        {
            sample.TimeMs = ms;
            sample.HasTime = true;
        }
        else
        {
            errors.Add(new FieldError($"trkpt[{index}].time", "must be an RFC 3339 time with an offset"));
        }
    }

    private static void RequireTime(bool sawTime, int index, List<FieldError> errors)
    {
        if (!sawTime)
        {
            errors.Add(new FieldError($"trkpt[{index}].time", "is required"));
        }
    }

    private static double? ParseDouble(string? text, string field, List<FieldError> errors)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(new FieldError(field, "must be a number"));
        return null;
    }

    private static int? ParseInt(string text, string field, List<FieldError> errors)
    {
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(new FieldError(field, "must be an integer"));
        return null;
    }

    private static string? SportFromText(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "run" or "running" => "run",
        "ride" or "biking" or "cycling" => "ride",
        "walk" or "walking" => "walk",
        "hike" or "hiking" => "hike",
        _ => null,
    };

    private sealed class DepthExceededException : Exception;
}
