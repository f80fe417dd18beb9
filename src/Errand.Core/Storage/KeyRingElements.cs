namespace Errand.Storage;

/// <summary>What every <see cref="IKeyRingStore"/> checks before it keeps an element.</summary>
public static class KeyRingElements
{
    /// <summary>Throws unless both the friendly name and the element's XML are given.</summary>
    public static void Check(string name, string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
    }
}
