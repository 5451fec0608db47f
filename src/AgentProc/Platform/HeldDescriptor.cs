using System;
using System.Runtime.InteropServices;

namespace AgentProc.Platform;

/// <summary>
/// A reference held on a descriptor's SafeHandle while a poll(2) or read(2) may use its number: while
/// held, disposing the handle elsewhere cannot close the descriptor, nor free its number for another
/// open. Used by one thread at a time (the one that polls it).
/// </summary>
internal sealed class HeldDescriptor
{
    private readonly SafeHandle handle;
    private bool held;

    public HeldDescriptor(SafeHandle handle) => this.handle = handle;

    /// <summary>The descriptor while held; -1 before and after.</summary>
    public int Fd { get; private set; } = -1;

    /// <summary>Takes the reference. False when the handle was already closed.</summary>
    public bool TryHold()
    {
        try
        {
            handle.DangerousAddRef(ref held);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        if (held)
        {
            Fd = handle.DangerousGetHandle().ToInt32();
        }

        return held;
    }

    /// <summary>Lets go of the reference, once. False when none was held.</summary>
    public bool Release()
    {
        if (!held)
        {
            return false;
        }

        held = false;
        Fd = -1;
        handle.DangerousRelease();
        return true;
    }
}
