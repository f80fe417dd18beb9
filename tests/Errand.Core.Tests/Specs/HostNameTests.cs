using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class HostNameTests
{
    [Theory]
    [InlineData("api.nuget.org")]
    [InlineData("*.github.com")]
    [InlineData("registry.npmjs.org:443")]
    [InlineData("localhost")]
    [InlineData("localhost:8080")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("10.0.0.1")]
    [InlineData("API.NuGet.org")]
    public void Problem_ValidHost_Null(string host) => Assert.Null(HostName.Problem(host));

    [Theory]
    [InlineData("https://api.nuget.org", "without scheme")]
    [InlineData("api.nuget.org/v3", "without scheme")]
    [InlineData("api.nuget.org:0", "port")]
    [InlineData("api.nuget.org:65536", "port")]
    [InlineData("api.nuget.org:", "port")]
    [InlineData("api.nuget.org:https", "port")]
    [InlineData("*", "every host")]
    [InlineData("*.", "not a host name")]
    [InlineData("", "not a host name")]
    [InlineData("a..b", "not a valid DNS name")]
    [InlineData("-a.com", "not a valid DNS name")]
    [InlineData("a-.com", "not a valid DNS name")]
    [InlineData("bad_host.com", "not a valid DNS name")]
    [InlineData("a b.com", "not a valid DNS name")]
    [InlineData("a.*.com", "not a valid DNS name")]
    [InlineData("api.nuget.org.", "not a valid DNS name")]
    [InlineData("[::1]:443", "not a valid DNS name")]
    public void Problem_InvalidHost_SaysWhy(string host, string why)
    {
        var problem = HostName.Problem(host);

        Assert.NotNull(problem);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LabelOver63_Refused() => Assert.NotNull(HostName.Problem(new string('a', 64) + ".com"));

    [Fact]
    public void Problem_NameOver253_Refused() => Assert.NotNull(HostName.Problem(string.Join('.', Enumerable.Repeat("abcdefghi", 26))));
}
