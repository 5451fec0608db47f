using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace AgentProc.Hosting;

/// <summary>
/// The provider path of the session's current FileSystem location ($PWD), remembered per drive.
/// </summary>
/// <remarks>
/// <para>Asking the provider costs ~80 µs a call on Linux: its drive lookup re-validates auto-mounted
/// drives, which reads <c>/proc/self/mountinfo</c> every time, and every Start-AgentProcess needs the
/// answer. Finding the location itself is cheap (~2 µs): only the translation is remembered.</para>
/// <para>The provider path is a function of the drive, its root and the PowerShell path of the location,
/// so an answer is reused only while all three are the same: a Set-Location anywhere else, a drive
/// removed and created again (a new drive object, even under the same name) or a root changed asks the
/// provider again. Drives are weak keys: a removed drive and its entry go with the runspace's garbage.</para>
/// </remarks>
internal static class CurrentLocationCache
{
    private static readonly ConditionalWeakTable<PSDriveInfo, Slot> ByDrive = new();

    public static string ProviderPath(PathInfo location)
    {
        var drive = location.Drive;
        if (drive is null)
        {
            // A provider-qualified location has no drive to key by: ask every time.
            return location.ProviderPath;
        }

        var slot = ByDrive.GetValue(drive, static _ => new Slot());
        var known = slot.Entry;
        if (known != null && string.Equals(known.Path, location.Path, System.StringComparison.Ordinal) && string.Equals(known.Root, drive.Root, System.StringComparison.Ordinal))
        {
            return known.ProviderPath;
        }

        var resolved = location.ProviderPath;
        slot.Entry = new Entry(location.Path, drive.Root, resolved);
        return resolved;
    }

    // Replaced whole, never changed in place: a reader on another runspace thread sees an old entry or a new one.
    private sealed class Slot
    {
        private Entry? entry;

        public Entry? Entry
        {
            get => System.Threading.Volatile.Read(ref entry);
            set => System.Threading.Volatile.Write(ref entry, value);
        }
    }

    private sealed record Entry(string Path, string Root, string ProviderPath);
}
