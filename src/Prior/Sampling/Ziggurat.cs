namespace LcPfn.Prior.Sampling;

/// <summary>
/// Tables of the 128-layer ziggurat for the standard normal (Marsaglia and Tsang 2000, in Doornik's 2005
/// "ZIGNOR" form, which draws the layer and the uniform from independent bits and so avoids the correlation
/// flaw of the original). About 99 % of draws cost one 64-bit random number, a table lookup and a multiply.
/// </summary>
internal static class Ziggurat
{
    /// <summary>Number of layers.</summary>
    public const int Layers = 128;

    /// <summary>Start of the right tail.</summary>
    public const double TailStart = 3.442619855899;

    /// <summary>Area of each layer.</summary>
    private const double LayerArea = 9.91256303526217e-3;

    /// <summary>Layer x boundaries; X[Layers] = 0.</summary>
    public static readonly double[] X = BuildBoundaries();

    /// <summary>X[i + 1] / X[i]: below it a point is inside the density without further tests.</summary>
    public static readonly double[] Ratio = BuildRatios(X);

    // Field initialisers only (no static constructor), so the JIT drops class-initialisation checks in the hot path.
    private static double[] BuildBoundaries()
    {
        var x = new double[Layers + 1];
        double f = Math.Exp(-0.5 * TailStart * TailStart);
        x[0] = LayerArea / f; // the base strip includes the tail
        x[1] = TailStart;
        x[Layers] = 0;
        for (int i = 2; i < Layers; i++)
        {
            x[i] = Math.Sqrt(-2 * Math.Log(LayerArea / x[i - 1] + f));
            f = Math.Exp(-0.5 * x[i] * x[i]);
        }
        return x;
    }

    private static double[] BuildRatios(double[] x)
    {
        var ratio = new double[Layers];
        for (int i = 0; i < Layers; i++)
            ratio[i] = x[i + 1] / x[i];
        return ratio;
    }
}
