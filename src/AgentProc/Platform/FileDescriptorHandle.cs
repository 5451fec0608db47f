using System;
using Microsoft.Win32.SafeHandles;

namespace AgentProc.Platform;

/// <summary>
/// An owned Unix file descriptor (a pipe end or a pidfd). As a SafeHandle it is closed once, only after
/// every thread that holds a reference (<c>DangerousAddRef</c>) let go, so a poll(2) or read(2) in
/// progress never sees its number closed and reused by another open.
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    public FileDescriptorHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    /// <summary>The descriptor number; valid only while the caller holds the handle.</summary>
    public int Fd => DangerousGetHandle().ToInt32();

    protected override bool ReleaseHandle() => UnixPipeNative.Close(handle.ToInt32()) == 0;
}
