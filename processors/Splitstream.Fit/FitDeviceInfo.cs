namespace Splitstream.Fit;

/// <summary>One <c>device_info</c> (global 23).</summary>
public sealed record FitDeviceInfo(long? TimeMs, int? DeviceIndex, int? Manufacturer, int? Product, long? SerialNumber, double? SoftwareVersion);
