using Errand.Workspaces.Overlay;

namespace Errand.Workspaces.Tests.Support;

/// <summary>
/// Overlay tests need root and kernel overlayfs. They never skip: where either is missing they fail, saying why,
/// so a CI machine that lost them is noticed rather than passing quietly.
/// </summary>
internal static class OverlayRequirement
{
    public static void Check(string scratch)
    {
        Directory.CreateDirectory(scratch);
        if (OverlaySupport.Probe(scratch) is { } why)
        {
            Assert.Fail($"overlay mounts are unavailable here ({why}); these tests need root and overlayfs (CI={Environment.GetEnvironmentVariable("CI")})");
        }
    }
}
