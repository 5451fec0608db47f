using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentProc.Errors;
using AgentProc.Platform;
using AgentProc.Processes;
using AgentProc.Tests.Infrastructure;
using Xunit;

namespace AgentProc.Tests.Processes;

/// <summary>Start-AgentProcess -FilePath: a program started without a shell, each argument passed as it is.</summary>
public sealed class ProgramStartTests
{
    private static ProcessStartRequest Program(string program, params string[] arguments) => new(program) { ArgumentList = arguments };

    private static async Task<AgentProcessOutput> RunAsync(ProcessManager manager, ProcessStartRequest request)
    {
        var process = manager.Start(request);
        return await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None);
    }

    private static string Executable(string directory, string name, string script)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task Each_argument_reaches_the_program_as_it_is_however_a_shell_would_read_it()
    {
        using var manager = TestManagers.Create();
        var arguments = new[] { "$HOME", "*", "a b", "it's", "\"q\"", string.Empty, "line\nbreak", "back\\slash", "`date`", ";|&" };
        var output = await RunAsync(manager, Program("printf", new[] { "[%s]\\n" }.Concat(arguments).ToArray()));

        Assert.Equal(0, output.ExitCode);
        Assert.Equal(string.Concat(arguments.Select(a => "[" + a + "]\n")), output.Output);
    }

    [Fact]
    public async Task No_shell_runs_the_program_is_the_process_and_leads_its_group()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(Program("sleep", "30"));
        try
        {
            // setsid execs the program in place: the pid stays, and soon it is the program's. Right after
            // an exec the kernel shows an empty command line for a moment (the new image's arguments are
            // set up after the old one is let go, which is when posix_spawn returns).
            string[] Cmdline() => File.ReadAllText($"/proc/{process.ProcessId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            await Eventually.TrueAsync(() => Cmdline() is { Length: > 0 } line && Path.GetFileName(line[0]) != "setsid", "setsid execs the program");
            var cmdline = Cmdline();
            Assert.Equal("sleep", Path.GetFileName(cmdline[0]));
            Assert.Equal(new[] { "30" }, cmdline.Skip(1));

            var stat = File.ReadAllText($"/proc/{process.ProcessId}/stat");
            var group = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ')[2];
            Assert.Equal(process.ProcessId.ToString(), group);
        }
        finally
        {
            manager.Signal(process, ProcessSignal.Kill);
        }
    }

    [Fact]
    public async Task Stdout_and_stderr_are_both_captured()
    {
        using var manager = TestManagers.Create();
        var output = await RunAsync(manager, Program("sh", "-c", "echo out; echo err >&2; exit 4"));
        Assert.Equal(4, output.ExitCode);
        Assert.Contains("out\n", output.Output);
        Assert.Contains("err\n", output.Output);
    }

    [Fact]
    public async Task A_bare_name_is_found_on_the_child_PATH_and_a_path_is_taken_from_the_caller_directory()
    {
        using var bin = new TempDirectory();
        using var caller = new TempDirectory();
        Executable(bin.Path, "hello-tool", "#!/bin/sh\necho from-path \"$@\"\n");
        Executable(caller.Path, "local-tool", "#!/bin/sh\necho from-caller\n");
        using var manager = TestManagers.Create();

        var onPath = await RunAsync(manager, new ProcessStartRequest("hello-tool")
        {
            ArgumentList = new[] { "x y" },
            Environment = new Dictionary<string, string?> { ["PATH"] = bin.Path + ":/usr/bin:/bin" },
        });
        Assert.Equal("from-path x y\n", onPath.Output);

        var relative = manager.Start(new ProcessStartRequest("./local-tool") { ArgumentList = Array.Empty<string>(), CallerDirectory = caller.Path });
        Assert.Equal(Path.Combine(caller.Path, "local-tool"), relative.FilePath);
        Assert.Equal("from-caller\n", (await relative.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None)).Output);
    }

    [Fact]
    public void The_process_shows_its_program_arguments_and_a_command_line_to_read()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(Program("echo", "a b", "it's", "plain"));

        Assert.Equal("echo", process.Name);
        Assert.Equal("/", Path.GetPathRoot(process.FilePath));
        Assert.Equal(new[] { "a b", "it's", "plain" }, process.ArgumentList);
        Assert.Equal(process.FilePath + " 'a b' 'it'\\''s' plain", process.Command);
    }

    [Fact]
    public void A_shell_command_has_no_program_or_arguments()
    {
        using var manager = TestManagers.Create();
        var process = manager.Start(new ProcessStartRequest("echo hi"));
        Assert.Null(process.FilePath);
        Assert.Null(process.ArgumentList);
        Assert.Equal("echo hi", process.Command);
    }

    [Fact]
    public void A_program_that_cannot_be_found_or_run_is_refused_before_anything_starts()
    {
        using var temp = new TempDirectory();
        var plain = Path.Combine(temp.Path, "not-executable");
        File.WriteAllText(plain, "echo no");
        using var manager = TestManagers.Create();

        Assert.Equal("AgentProcessProgramNotFound", Assert.Throws<AgentProcException>(() => manager.Start(Program("agentproc-no-such-program"))).ErrorId);
        Assert.Equal("AgentProcessProgramNotFound", Assert.Throws<AgentProcException>(() => manager.Start(Program(Path.Combine(temp.Path, "missing")))).ErrorId);
        Assert.Equal("AgentProcessProgramNotRunnable", Assert.Throws<AgentProcException>(() => manager.Start(Program(plain))).ErrorId);
        Assert.Equal("AgentProcessProgramNotRunnable", Assert.Throws<AgentProcException>(() => manager.Start(Program(temp.Path))).ErrorId);
        Assert.Equal("AgentProcessEmptyProgram", Assert.Throws<AgentProcException>(() => manager.Start(Program(" "))).ErrorId);
        Assert.Equal("AgentProcessNulCharacter", Assert.Throws<AgentProcException>(() => manager.Start(Program("echo", "a\0b"))).ErrorId);
        Assert.Empty(manager.List());
    }

    [Fact]
    public void The_same_key_returns_the_same_program_process_and_other_arguments_conflict()
    {
        using var manager = TestManagers.Create();
        var first = manager.Start(new ProcessStartRequest("sleep") { ArgumentList = new[] { "30" }, IdempotencyKey = "k" });
        var again = manager.Start(new ProcessStartRequest("sleep") { ArgumentList = new[] { "30" }, IdempotencyKey = "k" });
        Assert.Same(first, again);

        var conflict = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("sleep") { ArgumentList = new[] { "31" }, IdempotencyKey = "k" }));
        Assert.Equal("AgentProcessIdempotencyConflict", conflict.ErrorId);
        var shell = Assert.Throws<AgentProcException>(() => manager.Start(new ProcessStartRequest("sleep") { IdempotencyKey = "k" }));
        Assert.Equal("AgentProcessIdempotencyConflict", shell.ErrorId);
        manager.Signal(first, ProcessSignal.Kill);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Both_start_paths_run_the_program_as_a_group_leader_with_its_arguments_unchanged(bool spawn)
    {
        using var manager = new ProcessManager(new ProcessManagerOptions(), platform: new UnixProcessPlatform(spawn ? UnixStartPath.Spawn : UnixStartPath.Fallback));
        var process = manager.Start(new ProcessStartRequest("/bin/sh") { ArgumentList = new[] { "-c", "echo \"$1|$2|$$\"", "sh", "a b", "\"'$HOME" } });

        var output = (await process.ReadOutputAsync(true, Eventually.DefaultBound, CancellationToken.None)).Output.Trim().Split('|');

        Assert.Equal("a b", output[0]);
        Assert.Equal("\"'$HOME", output[1]);
        Assert.Equal(process.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), output[2]);
    }
}
