using System.Collections.Frozen;

namespace Stockbeat.Alerts;

/// <summary>Every registered <see cref="IChannelSender"/>, found by its kind.</summary>
public sealed class ChannelSenders
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the HTTP senders use; its timeout is
    /// <see cref="AlertOptions.SendTimeout"/>.
    /// </summary>
    public const string HttpClientName = "stockbeat-alerts";

    private readonly FrozenDictionary<string, IChannelSender> _byKind;

    /// <summary>Indexes <paramref name="senders"/>; two senders for one kind are a registration bug.</summary>
    /// <exception cref="InvalidOperationException">Two senders handle the same kind.</exception>
    public ChannelSenders(IEnumerable<IChannelSender> senders)
    {
        ArgumentNullException.ThrowIfNull(senders);
        var byKind = new Dictionary<string, IChannelSender>(StringComparer.Ordinal);
        var kinds = new List<string>();
        foreach (var sender in senders)
        {
            if (!byKind.TryAdd(sender.Kind, sender))
            {
                throw new InvalidOperationException($"Two channel senders handle kind '{sender.Kind}'.");
            }

            kinds.Add(sender.Kind);
        }

        _byKind = byKind.ToFrozenDictionary(StringComparer.Ordinal);
        Kinds = kinds.AsReadOnly();
    }

    /// <summary>The kinds there is a sender for, in registration order.</summary>
    public IReadOnlyCollection<string> Kinds { get; }

    /// <summary>The sender for <paramref name="kind"/> (exact, lower case as stored), or null.</summary>
    public IChannelSender? Find(string kind) => _byKind.GetValueOrDefault(kind);
}
