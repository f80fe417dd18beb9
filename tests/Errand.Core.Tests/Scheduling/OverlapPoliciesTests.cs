using Errand.Scheduling;

namespace Errand.Core.Tests.Scheduling;

public sealed class OverlapPoliciesTests
{
    [Theory]
    [InlineData("skip", OverlapPolicy.Skip)]
    [InlineData("buffer_one", OverlapPolicy.BufferOne)]
    [InlineData("buffer-one", OverlapPolicy.BufferOne)]
    [InlineData("CANCEL_OTHER", OverlapPolicy.CancelOther)]
    [InlineData("allow_all", OverlapPolicy.AllowAll)]
    public void TryParse_WireName_Parses(string text, OverlapPolicy expected)
    {
        Assert.True(OverlapPolicies.TryParse(text, out var policy));
        Assert.Equal(expected, policy);
        Assert.Equal(expected, OverlapPolicies.Parse(policy.ToWireName()));
    }

    [Theory]
    [InlineData("queue")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Unknown_Refused(string? text) => Assert.False(OverlapPolicies.TryParse(text, out _));
}
