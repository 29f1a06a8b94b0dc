using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Tests.Policy;

/// <summary>Process rows for picker and planner tables.</summary>
internal static class Rows
{
    public static ProcRow Row(int pid, string name, long rssMb, string state = "S", string? command = null) =>
        new(pid, 0, rssMb * 1024, state, name, command ?? name);

    /// <summary>The process table of the 2026-04-19 JetsamEvent report (original-system.md §2.4).</summary>
    public static IReadOnlyList<ProcRow> PanicTable { get; } =
    [
        Row(9221, "sanctum-mlx", 65_813, "R", "/Users/neo/Projects/sanctum-mlx/.venv/bin/python -m sanctum_mlx.server --port 1337"),
        Row(31001, "metal", 770, "R", "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/metal/current/bin/metal -c -x metal shader_a.metal"),
        Row(31002, "metal", 771, "R", "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/metal/current/bin/metal -c -x metal shader_b.metal"),
        Row(31003, "metal", 769, "R", "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/metal/current/bin/metal -c -x metal shader_c.metal"),
        Row(31004, "metal", 772, "R", "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/metal/current/bin/metal -c -x metal shader_d.metal"),
        Row(4410, "qemu-system-aarch64", 4_608, "S", "/opt/homebrew/bin/qemu-system-aarch64 -machine virt -m 4096 -drive file=ubuntu.qcow2"),
        Row(4470, "com.apple.Virtualization.VirtualMachine", 1_946, "S", "/System/Library/Frameworks/Virtualization.framework/Versions/A/XPCServices/com.apple.Virtualization.VirtualMachine.xpc/Contents/MacOS/com.apple.Virtualization.VirtualMachine"),
        Row(612, "talagentd", 7_200, "S", "/System/Library/PrivateFrameworks/TextAssistantKit.framework/talagentd"),
        Row(701, "MTLCompilerService", 900, "S", "/System/Library/Frameworks/Metal.framework/Versions/A/XPCServices/MTLCompilerService.xpc/Contents/MacOS/MTLCompilerService"),
        Row(88, "WindowServer", 1_200, "S", "/System/Library/PrivateFrameworks/SkyLight.framework/Resources/WindowServer -daemon"),
    ];

    public static ProcRow LmStudioShim(int pid = 45013, long rssMb = 8_600, string state = "S") =>
        Row(pid, "node", rssMb, state, "/Users/neo/.lmstudio/.internal/utils/node --max-old-space-size=8192 worker.js");
}
