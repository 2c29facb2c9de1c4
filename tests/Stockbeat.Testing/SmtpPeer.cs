using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Stockbeat.Testing;

/// <summary>A message the SMTP peer accepted: the envelope and the parsed message.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, MimeMessage Message);

/// <summary>
/// A real SMTP server on a free loopback port (SmtpServer package). It stores what it accepts, can reject
/// chosen recipients with a chosen reply code, and accepts any login, recording it.
/// </summary>
public sealed class SmtpPeer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private SmtpPeer()
    {
    }

    public int Port { get; private set; }

    /// <summary>Accepted messages, in order.</summary>
    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    /// <summary>Recipients to refuse at RCPT TO, with the reply code to refuse them with (550, 451, …).</summary>
    public ConcurrentDictionary<string, int> RejectedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The user and password of every login.</summary>
    public ConcurrentQueue<(string User, string Password)> Logins { get; } = new();

    public static async Task<SmtpPeer> StartAsync()
    {
        var peer = new SmtpPeer();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                .AllowUnsecureAuthentication(true)
                .AuthenticationRequired(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(peer));
        services.Add(new Filter(peer));
        services.Add(new Authenticator(peer));
        var server = new SmtpServer.SmtpServer(options, services);
        peer._running = server.StartAsync(peer._stop.Token);
        peer.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // How the server reports that it was stopped.
        }

        _stop.Dispose();
    }

    private static string Address(IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";

    private sealed class Store(SmtpPeer peer) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            peer.Messages.Enqueue(new ReceivedMail(
                Address(transaction.From), transaction.To.Select(Address).ToList(), message));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpPeer peer) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (peer.RejectedRecipients.TryGetValue(Address(to), out var code))
            {
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)code, $"mailbox {Address(to)} refused"));
            }

            return Task.FromResult(true);
        }
    }

    private sealed class Authenticator(SmtpPeer peer) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            peer.Logins.Enqueue((user, password));
            return Task.FromResult(true);
        }
    }
}
