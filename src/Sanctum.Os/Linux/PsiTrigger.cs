using System.Text;
using Sanctum.Ports;
using static Sanctum.Os.Linux.LinuxPoll;

namespace Sanctum.Os.Linux;

/// <summary>
/// Wakes the sampler from one thread of its own that sleeps in poll(2): on the deadline the sampler asked
/// for, or at once when a PSI trigger on <c>/proc/pressure/memory</c> fires (the kernel saw tasks stall on
/// memory for the trigger's share of its window; see the kernel's psi.rst). Where the kernel refuses the
/// trigger (no PSI, too old, or a window an unprivileged user may not ask for) it only sleeps, and
/// <see cref="Mode"/> says so. An eventfd interrupts the sleep when a new deadline replaces the pending one.
/// </summary>
public sealed class PsiTrigger : IPressureTrigger
{
    /// <summary>Tried in order: 100 ms of stall in 1 s, then the 2 s window unprivileged users may have.</summary>
    private static readonly string[] Triggers = ["some 100000 1000000", "some 200000 2000000"];

    private readonly Lock _gate = new();
    private readonly int _psiFd = -1;
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private (long DeadlineMs, Action<bool> Wake)? _pending;
    private volatile bool _disposed;

    public PsiTrigger(string pressurePath = "/proc/pressure/memory")
    {
        string? refusal = null;
        foreach (var trigger in Triggers)
        {
            (_psiFd, refusal) = TryCreate(pressurePath, trigger);
            if (_psiFd >= 0)
            {
                Mode = $"woken by PSI triggers ({trigger} on {pressurePath}) and by headroom";
                break;
            }
        }

        Mode ??= $"polling by headroom (no PSI trigger: {refusal})";
        _wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        _thread = new Thread(Run) { IsBackground = true, Name = "sanctum-pressure-trigger" };
        _thread.Start();
    }

    public string Mode { get; }

    public bool HasPsiTrigger => _psiFd >= 0;

    public void WakeAfter(TimeSpan delay, Action<bool> wake)
    {
        lock (_gate)
        {
            _pending = (Environment.TickCount64 + (long)Math.Ceiling(delay.TotalMilliseconds), wake);
        }

        Interrupt();
    }

    public void Dispose()
    {
        _disposed = true;
        Interrupt();
        _thread.Join(TimeSpan.FromSeconds(2));
        if (_psiFd >= 0)
        {
            close(_psiFd);
        }

        close(_wakeFd);
    }

    private static (int Fd, string? Refusal) TryCreate(string path, string trigger)
    {
        var fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
        {
            return (-1, $"cannot open {path} (errno {Libc.Errno})");
        }

        var text = Encoding.ASCII.GetBytes(trigger + "\0");
        if (write(fd, text, (nuint)text.Length) < 0)
        {
            var errno = Libc.Errno;
            close(fd);
            return (-1, $"the kernel refused \"{trigger}\" (errno {errno})");
        }

        return (fd, null);
    }

    private void Interrupt()
    {
        var one = BitConverter.GetBytes(1UL);
        write(_wakeFd, one, (nuint)one.Length);
    }

    private void Run()
    {
        var drain = new byte[8];
        var fds = _psiFd >= 0
            ? new[] { new PollFd { Fd = _wakeFd, Events = POLLIN }, new PollFd { Fd = _psiFd, Events = POLLPRI } }
            : [new PollFd { Fd = _wakeFd, Events = POLLIN }];
        while (!_disposed)
        {
            (long DeadlineMs, Action<bool> Wake)? pending;
            lock (_gate)
            {
                pending = _pending;
            }

            var timeout = pending is { } p ? (int)Math.Clamp(p.DeadlineMs - Environment.TickCount64, 0, int.MaxValue) : -1;
            fds[0].Revents = 0;
            if (fds.Length > 1)
            {
                fds[1].Revents = 0;
            }

            var ready = poll(fds, (nuint)fds.Length, timeout);
            if (ready < 0 && Libc.Errno != EINTR)
            {
                Thread.Sleep(10);
                continue;
            }

            if ((fds[0].Revents & POLLIN) != 0)
            {
                read(_wakeFd, drain, (nuint)drain.Length);
            }

            if (fds.Length > 1 && (fds[1].Revents & POLLERR) != 0)
            {
                // The trigger went away (the file was removed, or the cgroup with it): sleep on deadlines only.
                fds = [fds[0]];
            }

            var stalled = fds.Length > 1 && (fds[1].Revents & POLLPRI) != 0;
            Action<bool>? fire = null;
            lock (_gate)
            {
                if (_pending is { } due && (stalled || Environment.TickCount64 >= due.DeadlineMs))
                {
                    fire = due.Wake;
                    _pending = null;
                }
            }

            fire?.Invoke(stalled);
        }
    }
}
