using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Runtime;

/// <summary>
/// Tensor arithmetic with numbers whose TorchSharp <see cref="Scalar"/>s stay alive until LibTorch has returned.
/// TorchSharp 0.107 turns numbers into temporary Scalars that nothing holds during the native call (<c>a + b</c> is
/// <c>a.add(b, 1)</c>, <c>a.square()</c> is <c>a.pow(2)</c>, <c>arange(n)</c> makes its start and step, and every
/// implicit <c>double → Scalar</c> is one): a garbage collection triggered on another thread can finalize such a Scalar
/// while LibTorch still reads it, and the call fails ("Expected false to be true … toFloat") or reads freed memory
/// (dotnet/TorchSharp#1434; seen in a 200,000-curve <c>extrapolate</c> under a tighter GC). Model and loss code do
/// their arithmetic with numbers through these helpers; <c>HeldScalarsTests</c> scans the assemblies' IL so that no
/// temporary Scalar comes back (docs/decisions/0007).
/// </summary>
internal static class HeldScalars
{
    // Never disposed: Scalars are not tracked by dispose scopes, so static ones live as long as the process.
    private static readonly Scalar Zero = 0L.ToScalar();
    private static readonly Scalar One = 1L.ToScalar();
    private static readonly Scalar Two = 2L.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/> (broadcasting).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><paramref name="a"/> + <paramref name="b"/>, in <paramref name="a"/>'s dtype.</summary>
    public static Tensor Plus(this Tensor a, double b) => With(b, s => a.add(s, One));

    /// <summary><paramref name="a"/> − <paramref name="b"/>, in <paramref name="a"/>'s dtype.</summary>
    public static Tensor Minus(this Tensor a, double b) => With(b, s => a.sub(s));

    /// <summary><paramref name="a"/> − <paramref name="b"/> for integer tensors (the result stays integer).</summary>
    public static Tensor MinusInteger(this Tensor a, long b) => With(b, s => a.sub(s));

    /// <summary>max(<paramref name="a"/>, <paramref name="min"/>), elementwise.</summary>
    public static Tensor AtLeast(this Tensor a, double min) => With(min, s => a.clamp_min(s));

    /// <summary><paramref name="a"/> &lt; <paramref name="b"/>, elementwise (bool).</summary>
    public static Tensor LessThan(this Tensor a, long b) => With(b, s => a.lt(s));

    /// <summary><paramref name="a"/> == <paramref name="b"/>, elementwise (bool), for integer tensors.</summary>
    public static Tensor EqualTo(this Tensor a, long b) => With(b, s => a.eq(s));

    /// <summary><paramref name="a"/> / <paramref name="b"/>.</summary>
    public static Tensor DividedBy(this Tensor a, double b) => With(b, s => a.div(s));

    /// <summary><paramref name="a"/>², elementwise (LibTorch computes <c>pow(a, 2)</c> as <c>a · a</c>).</summary>
    public static Tensor Squared(this Tensor a) => a.pow(Two);

    /// <summary>The integer tensor clamped to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Tensor ClampInteger(this Tensor a, long min, long max) => With(min, low => With(max, high => a.clamp(low, high)));

    /// <summary>0, 1, …, <paramref name="count"/> − 1 as int64.</summary>
    public static Tensor Range(long count, Device? device) => With(count, stop => arange(Zero, stop, One, ScalarType.Int64, device: device));

    // The Scalar of a number, held until the call that reads it has returned.
    private static Tensor With(double value, Func<Scalar, Tensor> call)
    {
        using var scalar = value.ToScalar();
        return call(scalar);
    }

    private static Tensor With(long value, Func<Scalar, Tensor> call)
    {
        using var scalar = value.ToScalar();
        return call(scalar);
    }
}
