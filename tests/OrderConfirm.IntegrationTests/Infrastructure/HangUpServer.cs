using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A bare HTTP/1.1 server on a 127.0.0.1 socket, for what WireMock cannot do: read a request and close the connection
/// without any reply. For each request the answer function returns a JSON body (sent as 200, connection kept open)
/// or null (hang up). It counts every request it read, whatever the client did afterwards.
public sealed class HangUpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _answer;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public HangUpServer(Func<string, string?> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// The Robo Call base URL (with the /api/ prefix) pointing at this server.
    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/";

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

    /// A base URL on which nothing listens: connecting is refused.
    public static string RefusingBaseUrl()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}/api/";
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, Interlocked.Increment(ref _connections));
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[16 * 1024];
            var pending = new StringBuilder();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    // Every request here is a GET whose body, if any, is empty: its end is the blank line.
                    int end;
                    while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    var head = pending.ToString(0, end);
                    pending.Remove(0, end + 4);
                    var target = head[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ')[1];
                    _requests.Enqueue(new ReceivedRequest(connection, target));

                    if (_answer(target) is not { } body)
                    {
                        // Everything was read, so this is an orderly close (FIN), not a reset: exactly what makes the
                        // connection pool re-send a request that has no content.
                        client.Client.Shutdown(SocketShutdown.Both);
                        return;
                    }

                    var bytes = Encoding.UTF8.GetBytes(body);
                    var headers = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), _stop.Token);
                    await stream.WriteAsync(bytes, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server stopped.
            }
        }
    }

    public sealed record ReceivedRequest(int Connection, string Target)
    {
        public string Path => Target.Split('?')[0];
    }
}
