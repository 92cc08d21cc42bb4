namespace OrderConfirm.RoboCall;

// The dial request never left this machine (DNS, refused connection, TLS handshake), so nobody was called.
// Its message holds no URL: the api_key and the customer's phone are in the dial's query string.
public sealed class DialNotSentException : HttpRequestException
{
    public DialNotSentException()
        : this("The dial request never left this machine.")
    {
    }

    public DialNotSentException(string message)
        : base(message)
    {
    }

    public DialNotSentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DialNotSentException(HttpRequestError error, Exception innerException)
        : base(error, $"The dial request never left this machine ({error}).", innerException)
    {
    }
}
