using System;
using System.Linq.Expressions;
using System.Reflection;

namespace AgentProc.Hosting;

/// <summary>
/// Runs the sessions' normal close when pwsh is asked to end by SIGTERM (systemctl stop, a CI runner
/// timing out) or SIGHUP (a closed terminal): .NET's default handling of those signals ends the process
/// without <c>AppDomain.ProcessExit</c> in pwsh, so on-close work, logs and the stop policy would be
/// skipped. After the close the signal's default action goes on and pwsh ends as it would have.
/// </summary>
/// <remarks>
/// <c>PosixSignalRegistration</c> exists from .NET 6; the module targets netstandard2.0 (for Windows
/// PowerShell 5.1), so it is found by reflection and simply absent where the runtime lacks it. A pwsh
/// killed with SIGKILL runs nothing: the group watchdog covers that.
/// </remarks>
internal static class TerminationSignals
{
    private static readonly object Gate = new();
    private static object[]? registrations;

    /// <summary>Registers once per process; later calls do nothing.</summary>
    public static void Register(Action onSignal)
    {
        lock (Gate)
        {
            if (registrations != null)
            {
                return;
            }

            registrations = Array.Empty<object>();
            var registration = Type.GetType("System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices", throwOnError: false);
            var signalType = Type.GetType("System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices", throwOnError: false);
            var contextType = Type.GetType("System.Runtime.InteropServices.PosixSignalContext, System.Runtime.InteropServices", throwOnError: false);
            if (registration is null || signalType is null || contextType is null || Environment.OSVersion.Platform != PlatformID.Unix)
            {
                return;
            }

            var create = registration.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, null, new[] { signalType, typeof(Action<>).MakeGenericType(contextType) }, null);
            if (create is null)
            {
                return;
            }

            // Action<PosixSignalContext> that ignores its context and calls onSignal; the default action
            // (ending the process) follows because the context is not cancelled.
            var context = Expression.Parameter(contextType, "context");
            var handler = Expression.Lambda(typeof(Action<>).MakeGenericType(contextType), Expression.Invoke(Expression.Constant(onSignal)), context).Compile();

            // PosixSignal values are the negative raw numbers' names (SIGHUP = -1, SIGTERM = -3): ask by name.
            registrations = new[]
            {
                create.Invoke(null, new[] { Enum.Parse(signalType, "SIGTERM"), handler })!,
                create.Invoke(null, new[] { Enum.Parse(signalType, "SIGHUP"), handler })!,
            };
        }
    }
}
