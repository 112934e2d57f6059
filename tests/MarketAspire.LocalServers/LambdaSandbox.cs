using System.Globalization;

namespace MarketAspire.LocalServers;

/// <summary>
/// The confinement Lambda gives a function's processes, built from what this machine has. bubblewrap makes the file
/// system: a new root holding only /usr and /etc read-only, the bundle read-only at /var/task, an empty /opt and
/// /var/runtime, a tmpfs /tmp bounded to the function's ephemeral storage, its own /proc and PID namespace, a non-root
/// user, and no variable but the ones given. A cgroup v1 pair does the rest: <c>memory</c> caps the sandbox at the
/// function's MemorySize (the kernel's OOM killer ends it, as on Lambda; .NET sizes its heap from that limit), and
/// <c>freezer</c> stops every thread of every process at once between invocations, as Lambda freezes a sandbox.
/// The network is the host's: the function reaches the emulators on 127.0.0.1 as a VPC function reaches AWS.
/// </summary>
public sealed class LambdaSandbox : IDisposable
{
    public const string TaskRoot = "/var/task";
    private const string Root = "/sys/fs/cgroup";
    private const string Parent = "marketaspire-lambda";
    private const int SandboxUser = 993; // sbx_user1051's uid on Lambda
    private readonly string _memory;
    private readonly string _freezer;

    public LambdaSandbox(string name, int memoryMb, int ephemeralStorageMb = 512)
    {
        MemoryMb = memoryMb;
        EphemeralStorageMb = ephemeralStorageMb;
        var group = $"{Parent}/{name}-{Guid.NewGuid():N}";
        _memory = Path.Combine(Root, "memory", group);
        _freezer = Path.Combine(Root, "freezer", group);
        try
        {
            Directory.CreateDirectory(_memory);
            Directory.CreateDirectory(_freezer);
            Write(_memory, "memory.limit_in_bytes", (memoryMb * 1024L * 1024L).ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The Lambda sandbox needs writable cgroup v1 memory and freezer controllers under {Root} (root, as CI runs): {ex.Message}", ex);
        }
    }

    public int MemoryMb { get; }

    public int EphemeralStorageMb { get; }

    /// <summary>The most memory the sandbox used since the last <see cref="ResetPeak"/> (Lambda's "Max Memory Used").</summary>
    public long PeakBytes => long.Parse(Read(_memory, "memory.max_usage_in_bytes"), CultureInfo.InvariantCulture);

    public void ResetPeak() => Write(_memory, "memory.max_usage_in_bytes", "0");

    /// <summary>FROZEN, FREEZING or THAWED.</summary>
    public string State => Read(_freezer, "freezer.state");

    /// <summary>
    /// The command that runs <c>/var/task/bootstrap</c> inside the sandbox with exactly <paramref name="environment"/>:
    /// a shell that joins the cgroups, then becomes bubblewrap, so nothing runs outside them.
    /// </summary>
    public (string FileName, IReadOnlyList<string> Arguments) Command(string bundle, IReadOnlyDictionary<string, string> environment)
    {
        List<string> arguments =
        [
            "-c", "echo $$ > \"$1/cgroup.procs\" && echo $$ > \"$2/cgroup.procs\" && shift 2 && exec bwrap \"$@\"", "sandbox", _memory, _freezer,
            "--unshare-user", "--uid", SandboxUser.ToString(CultureInfo.InvariantCulture), "--gid", SandboxUser.ToString(CultureInfo.InvariantCulture),
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "sandbox", "--die-with-parent",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
            "--ro-bind", Root, Root, // .NET reads its memory limit from the cgroup
            "--proc", "/proc", "--dev", "/dev",
            "--size", (EphemeralStorageMb * 1024L * 1024L).ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp",
            "--dir", "/opt", "--dir", "/var/runtime",
            "--ro-bind", Path.GetFullPath(bundle), TaskRoot,
            "--chdir", TaskRoot,
            "--clearenv",
        ];
        foreach (var (key, value) in environment)
        {
            arguments.AddRange(["--setenv", key, value]);
        }

        arguments.Add(TaskRoot + "/bootstrap");
        return ("/bin/sh", arguments);
    }

    /// <summary>Stops every thread in the sandbox; returns when the kernel says all are frozen.</summary>
    public Task FreezeAsync(CancellationToken ct) => SetStateAsync("FROZEN", ct);

    public Task ThawAsync(CancellationToken ct) => SetStateAsync("THAWED", ct);

    /// <summary>Ends whatever still runs in the sandbox (thawed first: a frozen task cannot die).</summary>
    public void KillAll()
    {
        Write(_freezer, "freezer.state", "THAWED");
        foreach (var line in Read(_memory, "cgroup.procs").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(int.Parse(line, CultureInfo.InvariantCulture)).Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <remarks>
    /// A task caught mid-fork can leave a cgroup v1 freeze at FREEZING; writing the state again retries it (seen with a
    /// shell forking twenty times a second). A sandbox that will not freeze within 10 s fails the invocation loudly.
    /// </remarks>
    private async Task SetStateAsync(string state, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; State != state; attempt++)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"The sandbox did not become {state} within 10 s (it is {State}).");
            }

            if (attempt % 10 == 0)
            {
                Write(_freezer, "freezer.state", state);
            }

            await Task.Delay(5, ct);
        }
    }

    public void Dispose()
    {
        KillAll();
        for (var attempt = 0; attempt < 100 && (Exists(_memory) || Exists(_freezer)); attempt++)
        {
            try
            {
                RemoveIfExists(_freezer);
                RemoveIfExists(_memory);
            }
            catch (IOException)
            {
                Thread.Sleep(20); // the last task is still exiting
            }
        }
    }

    private static bool Exists(string group) => Directory.Exists(group);

    private static void RemoveIfExists(string group)
    {
        if (Directory.Exists(group))
        {
            Directory.Delete(group); // rmdir: a cgroup's files are not files
        }
    }

    private static string Read(string group, string file) => File.ReadAllText(Path.Combine(group, file)).Trim();

    private static void Write(string group, string file, string value) => File.WriteAllText(Path.Combine(group, file), value);
}
