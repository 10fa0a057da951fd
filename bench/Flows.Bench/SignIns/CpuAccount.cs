using System.Diagnostics;

namespace Flows.Bench.SignIns;

/// <summary>
/// Where the CPU went during a run: the server's process, the part of it its password-hashing threads took, and this
/// load tool's own process, which shares the cores. What is left of the server's after the hashes is the CPU a
/// sign-in costs besides its one password verification.
/// </summary>
internal sealed record CpuAccount(TimeSpan Server, TimeSpan? ServerHashing, TimeSpan LoadTool)
{
    // The server names its hashing threads "password hashing N"; Linux keeps the first 15 bytes of a thread's name.
    private const string HashingThreadName = "password hashin";

    /// <summary>The CPU times now; the hashing threads' only where /proc tells them (Linux).</summary>
    public static CpuAccount Read(Process server)
    {
        server.Refresh();
        using var self = Process.GetCurrentProcess();
        return new CpuAccount(server.TotalProcessorTime, HashingThreads(server.Id), self.TotalProcessorTime);
    }

    /// <summary>What was spent between <paramref name="before"/> and this account.</summary>
    public CpuAccount Since(CpuAccount before) => new(
        Server - before.Server,
        ServerHashing is { } after && before.ServerHashing is { } earlier ? after - earlier : null,
        LoadTool - before.LoadTool);

    // utime + stime (fields 14 and 15 of /proc/<pid>/task/<tid>/stat, in clock ticks) of the threads so named. The
    // hashing threads live as long as the server, so no hashing CPU leaves with an ended thread.
    private static TimeSpan? HashingThreads(int processId)
    {
        var tasks = $"/proc/{processId}/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != HashingThreadName)
                {
                    continue;
                }

                // The name in parentheses may hold spaces: the fields are counted after its closing one.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    // USER_HZ: 100 on every Linux this runs on (the kernel reports /proc times in it whatever its own tick rate).
    private const int ClockTicksPerSecond = 100;
}
