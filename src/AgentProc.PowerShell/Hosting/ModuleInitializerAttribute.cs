// netstandard2.0 lacks this marker type; the C# compiler emits a module initializer for a method
// that carries it, and every CLR (.NET Framework included) runs module initializers.
namespace System.Runtime.CompilerServices;

[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class ModuleInitializerAttribute : Attribute
{
}
