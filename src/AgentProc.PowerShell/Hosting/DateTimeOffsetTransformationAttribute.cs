using System;
using System.Management.Automation;

namespace AgentProc.Hosting;

/// <summary>
/// Lets a DateTimeOffset parameter take what remoting makes of one. PowerShell's serializer has no
/// DateTimeOffset: a value passed with <c>Invoke-Command -ArgumentList</c> (or read back from
/// <c>Import-Clixml</c>) arrives as a <c>Deserialized.System.DateTimeOffset</c> property bag, which the
/// binder cannot convert. Its <c>UtcTicks</c> and <c>Offset</c> rebuild the exact instant; anything
/// else is left to the binder's own conversion.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DateTimeOffsetTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (inputData is PSObject { BaseObject: PSCustomObject } bag
            && bag.TypeNames.Contains("Deserialized.System.DateTimeOffset")
            && bag.Properties["UtcTicks"]?.Value is long utcTicks
            && bag.Properties["Offset"]?.Value is TimeSpan offset)
        {
            return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
        }

        return inputData;
    }
}
