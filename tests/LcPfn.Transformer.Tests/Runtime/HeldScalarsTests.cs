using LcPfn.Transformer.Runtime;
using Shouldly;
using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Runtime;

[Collection("Torch")]
public sealed class HeldScalarsTests
{
    private static readonly ScalarLifetimeScanner Scanner = new(typeof(torch).Assembly.Location);

    [Fact]
    public void TransformerAssembly_CreatesNoScalarThatNobodyHolds()
    {
        Scanner.UnsafeTorchSharpMethods.ShouldBeGreaterThan(50); // the scan sees TorchSharp's operators at all
        var found = Scanner.Scan(typeof(HeldScalars).Assembly.Location);
        found.ShouldBeEmpty("use HeldScalars (or a `using var` Scalar) instead:\n" + string.Join("\n", found));
    }

    [Fact]
    public void Scan_PlainTensorArithmetic_FindsEveryTemporaryScalar()
    {
        var found = Scanner.Scan(typeof(HeldScalarsTests).Assembly.Location, typeof(Hazards).FullName);
        found.ShouldContain(f => f.Contains("::Sum(") && f.Contains("op_Addition(TorchSharp.torch+Tensor,TorchSharp.torch+Tensor)"));
        found.ShouldContain(f => f.Contains("::Scaled(") && f.Contains("op_Multiply(TorchSharp.torch+Tensor,Double)"));
        found.ShouldContain(f => f.Contains("::Clamped(") && f.Contains("Scalar::op_Implicit(Int32)"));
        found.ShouldContain(f => f.Contains("::Unheld(") && f.Contains("(not held)"));
        found.ShouldNotContain(f => f.Contains("::Held("));
    }

    [Fact]
    public void Helpers_GiveBitForBitWhatThePlainOperatorsGive()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var a = randn([64, 8], generator: generator);
        var b = randn([64, 8], generator: generator);
        var ints = randint(0, 1000, [257], generator: generator);

        a.Plus(b).ShouldEqualBitwise(a + b);
        a.Plus(0.3).ShouldEqualBitwise(a + 0.3);
        a.Minus(0.3).ShouldEqualBitwise(a - 0.3);
        a.Minus(0.3).neg().ShouldEqualBitwise(0.3 - a);
        a.DividedBy(7.5).ShouldEqualBitwise(a / 7.5);
        a.AtLeast(0).ShouldEqualBitwise(a.clamp_min(0));
        a.Squared().ShouldEqualBitwise(a.square());
        ints.MinusInteger(1).ShouldEqualBitwise(ints - 1);
        ints.MinusInteger(1).dtype.ShouldBe(ScalarType.Int64);
        ints.ClampInteger(10, 900).ShouldEqualBitwise(ints.clamp(10, 900));
        ints.EqualTo(5).ShouldEqualBitwise(ints.eq(5));
        ints.LessThan(500).ShouldEqualBitwise(ints < 500);
        HeldScalars.Range(37, null).ShouldEqualBitwise(arange(37, dtype: ScalarType.Int64));
    }

    /// <summary>Code that makes temporary Scalars on purpose, for the scanner to find (never run).</summary>
    private static class Hazards
    {
        public static Tensor Sum(Tensor a, Tensor b) => a + b;

        public static Tensor Scaled(Tensor a) => a * 2.0;

        public static Tensor Clamped(Tensor a) => a.clamp(0, 1);

        public static Tensor Unheld(Tensor a) => a.mul(2.0.ToScalar());

        public static Tensor Held(Tensor a)
        {
            using var two = 2.0.ToScalar();
            return a.mul(two);
        }
    }
}

internal static class BitwiseTensorAssertions
{
    /// <summary>Same dtype, shape and every element (no NaNs in these tests).</summary>
    public static void ShouldEqualBitwise(this Tensor actual, Tensor expected)
    {
        actual.dtype.ShouldBe(expected.dtype);
        actual.shape.ShouldBe(expected.shape);
        actual.eq(expected).all().item<bool>().ShouldBeTrue();
    }
}
