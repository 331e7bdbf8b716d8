using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using Shouldly;

namespace LcPfn.Prior.Tests.Baselines;

public sealed class BaselineCatalogTests
{
    [Fact]
    public void Parse_CommaListsAndRepeats_KeepOrderWithoutDuplicates()
    {
        BaselineCatalog.Parse(["powerlaw,last", "last"]).ShouldBe(["powerlaw", "last"]);
    }

    [Fact]
    public void Parse_None_SelectsNothing()
    {
        BaselineCatalog.Parse(["none"]).ShouldBeEmpty();
    }

    [Fact]
    public void Parse_UnknownName_ThrowsListingTheKnownOnes()
    {
        Should.Throw<InvalidInputException>(() => BaselineCatalog.Parse(["arima"])).Message.ShouldBe("Unknown baseline 'arima'; known: last, powerlaw, mcmc, mcmc-paper (or 'none').");
    }

    [Fact]
    public void Create_Names_GiveTheirExtrapolators()
    {
        BaselineCatalog.Create("last").Name.ShouldBe("last");
        BaselineCatalog.Create("PowerLaw").Name.ShouldBe("powerlaw");
        BaselineCatalog.Create("mcmc").Name.ShouldBe("mcmc");
        BaselineCatalog.Create("mcmc-paper").Name.ShouldBe("mcmc");
    }

    [Fact]
    public void DefaultNames_AreTheFastBaselines()
    {
        BaselineCatalog.DefaultNames.ShouldBe(["last", "powerlaw"]);
    }
}
