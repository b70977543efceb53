using System.Diagnostics;
using Splitstream.Fit;
using Xunit.Abstractions;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// Truncations, bit flips and absurd sizes and counts of real FIT files: the decoder either reads the file or throws
/// <see cref="FitFormatException"/>, never anything else, in bounded time and memory. Seeded: the seed is printed and
/// <c>SPLITSTREAM_TEST_SEED</c> replays a run (<see cref="TestSeed"/>).
/// </summary>
public sealed class FitFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 3000;

    [Fact]
    public void Mutated_files_decode_or_fail_with_a_fit_format_exception_in_bounded_time_and_memory()
    {
        var seed = TestSeed.Next(output);
        var random = new Random(seed);
        byte[][] originals =
        [
            File.ReadAllBytes(FitCases.Real("dblock-fr910xt-run-2014-slovenia.fit")),
            File.ReadAllBytes(FitCases.Case("developer.fit")),
            File.ReadAllBytes(FitCases.Case("compressed.fit")),
            File.ReadAllBytes(FitCases.Case("summary-first.fit")),
        ];
        var refused = 0;
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < Iterations; i++)
        {
            var original = originals[random.Next(originals.Length)];
            var (what, mutated) = Mutate(original, random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                FitDecoder.Decode(mutated, 200_000);
            }
            catch (FitFormatException e)
            {
                refused++;
                Assert.False(string.IsNullOrEmpty(e.Reason), $"seed {seed} iteration {i} ({what}): an exception without a reason");
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} iteration {i} ({what}): {e.GetType().Name}: {e.Message}");
            }
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Records are about 100 bytes for at least 5 bytes of file each: 64 bytes of allocation per input byte is ample.
            Assert.True(allocated < 64L * mutated.Length + (1 << 20), $"seed {seed} iteration {i} ({what}): {allocated} bytes allocated for {mutated.Length}");
        }
        output.WriteLine($"{Iterations} mutations, {refused} refused, slowest {slowest.TotalMilliseconds:0.0} ms");
        Assert.True(refused > Iterations / 2, $"seed {seed}: only {refused} of {Iterations} mutations were refused");
    }

    public static TheoryData<string, byte[]> Hostile() => new()
    {
        { "empty", [] },
        { "header size 255", [255, 0x20, 0, 0, 0, 0, 0, 0, (byte)'.', (byte)'F', (byte)'I', (byte)'T'] },
        { "data size 4 GiB", Header(uint.MaxValue) },
        { "header only", Header(0)[..14] },
        { "not .FIT", [14, 0x20, 0, 0, 0, 0, 0, 0, (byte)'.', (byte)'G', (byte)'P', (byte)'X', 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Absurd_headers_are_refused_naming_the_header(string what, byte[] file)
    {
        var e = Assert.Throws<FitFormatException>(() => FitDecoder.Decode(file, 200_000));

        Assert.True(e.FitMessage == "header", $"{what}: {e.Message}");
    }

    [Fact]
    public void A_definition_with_255_fields_of_255_bytes_beyond_the_end_is_refused_at_its_offset()
    {
        // A valid header and CRC around a definition that claims more bytes than the file has.
        byte[] data = [0x40, 0, 0, 20, 0, 255, 1, 255, 0x0D];
        var file = WithCrc(data);

        var e = Assert.Throws<FitFormatException>(() => FitDecoder.Decode(file, 200_000));

        Assert.Equal(("definition", 14L), (e.FitMessage, e.Offset));
    }

    [Fact]
    public void A_data_message_before_its_definition_is_refused()
    {
        var e = Assert.Throws<FitFormatException>(() => FitDecoder.Decode(WithCrc([0x03, 1, 2, 3]), 200_000));

        Assert.Contains("before its definition", e.Message, StringComparison.Ordinal);
    }

    private static (string, byte[]) Mutate(byte[] original, Random random)
    {
        var copy = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                return ("truncated", copy[..random.Next(copy.Length)]);
            case 1:
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }
                return ("bit flips", copy);
            case 2:
                // Bit flips with the CRCs made right again, so the message layer itself meets the damage.
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    copy[14 + random.Next(copy.Length - 16)] ^= (byte)(1 << random.Next(8));
                }
                return ("bit flips, CRC fixed", FixCrc(copy));
            default:
                // An absurd count or size byte anywhere in the data, CRC fixed.
                copy[14 + random.Next(copy.Length - 16)] = 0xFF;
                return ("0xFF byte, CRC fixed", FixCrc(copy));
        }
    }

    private static byte[] FixCrc(byte[] file)
    {
        var crc = FitCrc.Compute(file.AsSpan(0, file.Length - 2));
        file[^2] = (byte)crc;
        file[^1] = (byte)(crc >> 8);
        return file;
    }

    private static byte[] Header(uint dataSize)
    {
        var header = new byte[16];
        header[0] = 14;
        header[1] = 0x20;
        BitConverter.TryWriteBytes(header.AsSpan(4), dataSize);
        ".FIT"u8.CopyTo(header.AsSpan(8));
        return header;
    }

    private static byte[] WithCrc(byte[] data)
    {
        var file = new byte[14 + data.Length + 2];
        Header((uint)data.Length)[..14].CopyTo(file, 0);
        data.CopyTo(file, 14);
        return FixCrc(file);
    }
}
