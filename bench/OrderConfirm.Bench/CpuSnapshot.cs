using System.Globalization;

namespace OrderConfirm.Bench;

/// Where the two cores went during a burst: CPU seconds of the service processes, of PostgreSQL (every process named
/// `postgres`: the bench's cluster), of this process (the stand-ins and the load), of everything else, and the idle
/// time, read from /proc at the first post and at the last write-back. The answer to "is it the service, the
/// database or the machine" that commits per order cannot give alone.
public sealed record CpuSnapshot(long Busy, long Idle, IReadOnlyDictionary<string, long> ByPart)
{
    // The kernel's clock ticks (USER_HZ) are 100 a second on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static CpuSnapshot Take(IReadOnlyList<int> servicePids)
    {
        var (busy, idle) = Machine();
        var parts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["service"] = servicePids.Sum(Ticks),
            ["bench and stand-ins"] = Ticks(Environment.ProcessId),
            ["PostgreSQL"] = Postgres(),
        };
        return new CpuSnapshot(busy, idle, parts);
    }

    /// One line: each part's CPU seconds and its share of the cores' time between the two snapshots.
    public static string Describe(CpuSnapshot from, CpuSnapshot to, int cores)
    {
        var total = (to.Busy - from.Busy) + (to.Idle - from.Idle);
        if (total <= 0)
        {
            return "CPU: not measured (no time passed between the snapshots)";
        }

        string Part(string name, long ticks) => string.Create(CultureInfo.InvariantCulture, $"{name} {ticks / TicksPerSecond:0.0} s ({100.0 * ticks / total:0} %)");
        var parts = to.ByPart.Select(p => (p.Key, Ticks: p.Value - from.ByPart.GetValueOrDefault(p.Key))).ToList();
        var other = (to.Busy - from.Busy) - parts.Sum(p => p.Ticks);
        var seconds = total / TicksPerSecond / cores;
        return string.Create(CultureInfo.InvariantCulture, $"CPU from the first post to the last write-back ({seconds:0.0} s × {cores} cores): ")
            + string.Join(", ", parts.Select(p => Part(p.Key, p.Ticks)))
            + ", " + Part("other and exited processes", Math.Max(0, other))
            + ", " + Part("idle", to.Idle - from.Idle);
    }

    // The first line of /proc/stat: user nice system idle iowait irq softirq steal ...; iowait counts as idle.
    private static (long Busy, long Idle) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return (busy, idle);
    }

    private static long Postgres()
    {
        long sum = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Comm(pid) == "postgres")
            {
                sum += Ticks(pid);
            }
        }

        return sum;
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // utime + stime, the 14th and 15th fields of /proc/<pid>/stat; counted after the ')' that ends the command name,
    // which may itself hold spaces. A process that is gone counts 0.
    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
