using System;
using System.IO;

namespace AgentProc.Tests.Infrastructure;

/// <summary>A fresh directory under /tmp, with symlinks resolved, removed when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agentproc-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        Path = new DirectoryInfo(path).ResolveLinkTarget(true)?.FullName ?? path;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
