namespace Flows.Bench;

/// <summary>Order statistics of a sample of durations, in milliseconds.</summary>
internal sealed class Percentiles(IEnumerable<double> milliseconds)
{
    private readonly double[] _sorted = milliseconds.Order().ToArray();

    public double Median => At(0.50);

    public double P95 => At(0.95);

    public double P99 => At(0.99);

    public double At(double quantile) => _sorted[(int)Math.Min(_sorted.Length - 1, Math.Round(quantile * (_sorted.Length - 1)))];

    public string Row(string name, int steps) =>
        $"{name,-22} {steps,5} {Median,10:F3} {P95,10:F3} {P99,10:F3} {Median / steps,14:F3}";
}
