using Errand.Secrets;

namespace Errand.Core.Tests.Secrets;

public sealed class SecretNameTests
{
    [Theory]
    [InlineData("NUGET_TOKEN", true)]
    [InlineData("_X", true)]
    [InlineData("A1", true)]
    [InlineData("A", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("1A", false)]
    [InlineData("nuget_token", false)]
    [InlineData("A-B", false)]
    [InlineData("A B", false)]
    [InlineData("A\n", false)]
    [InlineData("Ä", false)]
    public void IsValid_Name_MatchesEnvironmentVariableRule(string? name, bool expected) => Assert.Equal(expected, SecretName.IsValid(name));
}
