namespace AgentProc.Sessions;

/// <summary>
/// The level of a session log entry. The engine logs through Microsoft.Extensions.Logging, but that
/// assembly's types stay out of what users and the module see, so another version of it loaded in
/// the same pwsh can never clash with ours. The values match its <c>LogLevel</c>.
/// </summary>
public enum AgentLogLevel
{
    Trace = 0,
    Debug = 1,
    Information = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
}
