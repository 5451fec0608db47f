namespace AgentProc.Errors;

/// <summary>A program started without a shell: found and checked before it starts.</summary>
internal static partial class EngineErrors
{
    public static AgentProcException ProgramNotFound(string program, string? path) => new(
        "AgentProcessProgramNotFound", AgentErrorKind.PathNotFound,
        path is null
            ? F("The program '{0}' was not found: no directory on the PATH holds an executable file of that name. Give its full path, or add its directory to PATH.", program)
            : F("The program '{0}' was not found: '{1}' does not exist. Give the path of an executable file.", program, path),
        program);

    public static AgentProcException ProgramNotRunnable(string path) => new(
        "AgentProcessProgramNotRunnable", AgentErrorKind.InvalidArgument,
        F("'{0}' cannot be run: it is a directory, or a file without execute permission (chmod +x). Give an executable file.", path), path);

    public static AgentProcException NullArgument() => new(
        "AgentProcessNullArgument", AgentErrorKind.InvalidArgument,
        "An argument of the program is $null. Give each argument as text (an empty string is an argument too).");

    public static AgentProcException EmptyProgram() => new(
        "AgentProcessEmptyProgram", AgentErrorKind.InvalidArgument,
        "The program is empty. Give the program to run, a path or a name on PATH, such as 'git'.");
}
