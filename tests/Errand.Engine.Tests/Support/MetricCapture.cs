using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Errand.Engine.Tests.Support;

/// <summary>Records every measurement of one meter (a test's own, so other tests' measurements stay out).</summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags)> _measurements = new();

    public MetricCapture(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public IReadOnlyList<(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags)> Measurements => [.. _measurements];

    /// <summary>Runs the observable instruments' callbacks now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>
    /// Reads the observable instruments until <paramref name="instrument"/> reports <paramref name="expected"/> for
    /// <paramref name="tag"/> (the store's counts arrive on the counting loop's own schedule); that reading's measurements.
    /// </summary>
    public async Task<IReadOnlyList<(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags)>> WaitForGaugeAsync(
        string instrument, (string Key, string Value) tag, double expected, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var before = _measurements.Count;
            Observe();
            var reading = Measurements.Skip(before).ToList();
            if (reading.Any(m => m.Instrument == instrument && m.Tags.GetValueOrDefault(tag.Key) == tag.Value && m.Value == expected))
            {
                return reading;
            }

            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{instrument} never reported {expected} for {tag.Key}={tag.Value}");
            }
        }
    }

    /// <summary>The sum of an instrument's measurements whose tags include <paramref name="tag"/> (any, when null).</summary>
    public double Sum(string instrument, (string Key, string Value)? tag = null) =>
        Measurements.Where(m => m.Instrument == instrument && (tag is not { } t || m.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(m => m.Value);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            copied[tag.Key] = tag.Value?.ToString() ?? "";
        }

        _measurements.Enqueue((instrument.Name, value, copied));
    }

    public void Dispose() => _listener.Dispose();
}
