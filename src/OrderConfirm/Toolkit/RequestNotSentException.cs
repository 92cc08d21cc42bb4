namespace OrderConfirm.Toolkit;

// The request never left this machine (DNS, refused connection, TLS handshake): nobody was called or texted.
// Its message holds no URL: keys and the customer's phone travel in such requests' query strings.
public sealed class RequestNotSentException : HttpRequestException
{
    public RequestNotSentException()
        : this("The request never left this machine.")
    {
    }

    public RequestNotSentException(string message)
        : base(message)
    {
    }

    public RequestNotSentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestNotSentException(HttpRequestError error, Exception innerException)
        : base(error, $"The request never left this machine ({error}).", innerException)
    {
    }
}
