namespace Splitstream.ServiceDefaults;

/// <summary>The <c>Runtime</c> section: how the process looks after its own memory.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Runtime";

    /// <summary>How often the C heap's free pages go back to the kernel (<see cref="NativeHeapTrimmer"/>); zero turns it off.</summary>
    public TimeSpan NativeHeapTrimInterval { get; set; } = TimeSpan.FromMinutes(1);
}
