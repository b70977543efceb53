using Google.Protobuf;

namespace Splitstream.Processors.Tests;

/// <summary>One record for the activity-metrics topology: which input, key, value and record timestamp.</summary>
internal sealed record InputRecord(InputKind Kind, string Key, IMessage Value, long Timestamp);
