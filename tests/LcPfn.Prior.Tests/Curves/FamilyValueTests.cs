using LcPfn.Prior.Curves;
using Shouldly;

namespace LcPfn.Prior.Tests.Curves;

/// <summary>Each family's formula at points computed by hand (parameters in each family's documented order).</summary>
public sealed class FamilyValueTests
{
    public static TheoryData<string, double[], double, double> Cases => new()
    {
        // pow3: c - a x^-alpha; a=0.5, c=0.9
        { "pow3", [0.5, 0.9, 1.0], 2.0, 0.9 - 0.5 / 2 },
        { "pow3", [0.5, 0.9, 0.5], 4.0, 0.65 },
        { "pow3_uniform", [-0.2, 0.3, 1.0], 1.0, 0.5 },
        // ilog2: c - a / ln(x + 1)
        { "ilog2", [0.3, 0.8], Math.E - 1, 0.5 },
        { "ilog2", [0.3, 0.8], 1.0, 0.8 - 0.3 / Math.Log(2) },
        { "ilog2_uniform", [-0.5, 0.1], Math.E * Math.E - 1, 0.35 },
        // janoschek: a - (a - beta) exp(-k x^delta); a=0.9, beta=0.1, k=ln 2
        { "janoschek", [0.9, 0.1, Math.Log(2), 1.0], 1.0, 0.5 },
        { "janoschek", [0.9, 0.1, Math.Log(2), 1.0], 2.0, 0.7 },
        { "janoschek_uniform", [0.9, 0.1, Math.Log(2), 0.5], 4.0, 0.7 },
        // log_power: a / (1 + (x / e^b)^c); e^b = 2, c = -1
        { "log_power", [0.8, Math.Log(2), -1.0], 2.0, 0.4 },
        { "log_power", [0.8, Math.Log(2), -1.0], 4.0, 0.8 / 1.5 },
        // weibull: alpha - (alpha - beta) exp(-(kappa x)^delta)
        { "weibull", [0.9, 0.1, 0.5, 1.0], 2.0, 0.9 - 0.8 * Math.Exp(-1) },
        { "weibull", [0.9, 0.1, 0.5, 2.0], 4.0, 0.9 - 0.8 * Math.Exp(-4) },
        // mmf: alpha - (alpha - beta) / (1 + (kappa x)^delta)
        { "mmf", [0.9, 0.1, 0.5, 2.0], 2.0, 0.5 },
        { "mmf", [0.9, 0.1, 0.5, 2.0], 4.0, 0.74 },
        // vap: exp(a + b / x + c ln x)
        { "vap", [-1.0, -2.0, 0.5], 1.0, Math.Exp(-3) },
        { "vap", [-1.0, -2.0, 0.5], 4.0, 2 * Math.Exp(-1.5) },
        // loglog_linear: ln(a ln x + b)
        { "loglog_linear", [1.0, 1.0], Math.E, Math.Log(2) },
        { "loglog_linear", [1.0, 1.0], 1.0, 0.0 },
        // exp4: c - exp(-a x^alpha + b); c=0.9, a=ln 2, alpha=1, b=0
        { "exp4", [0.9, Math.Log(2), 1.0, 0.0], 1.0, 0.4 },
        { "exp4", [0.9, Math.Log(2), 1.0, 0.0], 2.0, 0.65 },
        // pow4: c - (a x + b)^-alpha; c=0.9, a=1, alpha=1, b=1
        { "pow4", [0.9, 1.0, 1.0, 1.0], 1.0, 0.4 },
        { "pow4", [0.9, 1.0, 1.0, 1.0], 3.0, 0.65 },
        // dr_hill_zero_background: theta x^eta / (kappa^eta + x^eta)
        { "dr_hill_zero_background", [0.8, 2.0, 2.0], 2.0, 0.4 },
        { "dr_hill_zero_background", [0.8, 2.0, 2.0], 4.0, 0.64 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_HandComputedPoint_MatchesFormula(string family, double[] parameters, double x, double expected)
    {
        CurveFamilies.Get(family).Evaluate(parameters, x).ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void Names_AllFamilies_AreTheElevenDomhanFamiliesPlusThreeUniformVariants()
    {
        CurveFamilies.DomhanNames.ShouldBe(
        [
            "pow3", "ilog2", "janoschek", "log_power", "weibull", "mmf", "vap", "loglog_linear", "exp4", "pow4",
            "dr_hill_zero_background",
        ]);
        CurveFamilies.Names.Count.ShouldBe(14);
        CurveFamilies.Names.ShouldContain("pow3_uniform");
        CurveFamilies.Names.ShouldContain("ilog2_uniform");
        CurveFamilies.Names.ShouldContain("janoschek_uniform");
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingKnownNames()
    {
        var ex = Should.Throw<InvalidInputException>(() => CurveFamilies.Get("pow5"));
        ex.Message.ShouldContain("'pow5'");
        ex.Message.ShouldContain("janoschek");
    }
}
