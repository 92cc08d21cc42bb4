using System.Security.Cryptography;
using System.Text;

namespace OrderConfirm.Security;

public static class ConstantTime
{
    // Compares two secrets without leaking where they differ or (by hashing first) how long the expected one is.
    public static bool Equals(string? presented, string? expected)
    {
        if (presented is null || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
