namespace Stockbeat.Client;

internal static class ErrorThresholds
{
    public static void Validate(double? threshold, string name)
    {
        if (threshold is { } value && !(value is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, threshold, "The error threshold is a fraction between 0 and 1 (0.05 = 5 %).");
        }
    }
}
