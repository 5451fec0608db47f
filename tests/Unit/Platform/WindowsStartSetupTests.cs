using System;
using System.Runtime.InteropServices;
using AgentProc.Platform;
using Xunit;

namespace AgentProc.Tests.Platform;

/// <summary>
/// The decisions of the Windows start that do not need Windows: the creation flags, the handle list,
/// the attribute list's sizing, the native structures' layout and how a refusal is worded.
/// </summary>
public sealed class WindowsStartSetupTests
{
    [Fact]
    public void The_child_is_created_suspended_windowless_with_a_Unicode_environment_and_an_attribute_list()
    {
        const uint expected = 0x00000004 | 0x00000400 | 0x08000000 | 0x00080000;

        Assert.Equal(expected, WindowsSuspendedChild.CreationFlags);
    }

    [Fact]
    public void The_child_gets_no_process_group_of_its_own_because_every_signal_ends_the_job()
    {
        Assert.Equal(0u, WindowsSuspendedChild.CreationFlags & WindowsNative.CREATE_NEW_PROCESS_GROUP);
    }

    [Fact]
    public void Handle_list_names_each_handle_once_when_stdout_and_stderr_share_one()
    {
        var input = new IntPtr(0x104);
        var output = new IntPtr(0x10C);

        Assert.Equal(new[] { input, output }, ProcThreadAttributeList.Distinct(new[] { input, output, output }));
    }

    [Fact]
    public void Handle_list_value_is_one_pointer_sized_handle_each()
    {
        Assert.Equal(16, ProcThreadAttributeList.HandleListBytes(2, 8));
        Assert.Equal(8, ProcThreadAttributeList.HandleListBytes(2, 4));
    }

    [Theory]
    [InlineData(false, WindowsNative.ERROR_INSUFFICIENT_BUFFER, 48, true)]
    [InlineData(true, 0, 48, true)]
    [InlineData(false, WindowsNative.ERROR_INSUFFICIENT_BUFFER, 0, false)]
    [InlineData(false, 87, 48, false)]
    public void The_attribute_list_is_sized_by_a_first_call_that_fails_only_with_insufficient_buffer(bool succeeded, int error, long size, bool usable)
    {
        Assert.Equal(usable, ProcThreadAttributeList.IsUsableSize(succeeded, error, size));
    }

    [Fact]
    public void A_refusal_names_the_function_and_keeps_the_Windows_error_code()
    {
        var failure = WindowsNative.Failure("AssignProcessToJobObject", 5);

        Assert.Equal(5, failure.NativeErrorCode);
        Assert.StartsWith("AssignProcessToJobObject failed: ", failure.Message);
    }

    [Fact]
    public void The_native_structures_have_the_64_bit_Windows_layout()
    {
        Assert.Equal(8, IntPtr.Size);
        Assert.Equal(104, Marshal.SizeOf<WindowsNative.STARTUPINFO>());
        Assert.Equal(112, Marshal.SizeOf<WindowsNative.STARTUPINFOEX>());
        Assert.Equal(24, Marshal.SizeOf<WindowsNative.PROCESS_INFORMATION>());
        Assert.Equal(144, Marshal.SizeOf<WindowsNative.JOBOBJECT_EXTENDED_LIMIT_INFORMATION>());
        Assert.Equal(48, Marshal.SizeOf<WindowsNative.JOBOBJECT_BASIC_ACCOUNTING_INFORMATION>());
    }
}
