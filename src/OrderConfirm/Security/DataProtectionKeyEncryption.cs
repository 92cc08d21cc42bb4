using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace OrderConfirm.Security;

/// Encrypts the data-protection key ring at rest with Encryption:Key, like every other secret we store.
public sealed class DataProtectionKeyEncryptor(SecretProtector protector) : IXmlEncryptor
{
    internal const string Purpose = "data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        => new(new XElement("encryptedKey", protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting), Purpose)), typeof(DataProtectionKeyDecryptor));
}

// Created by the data-protection system through its service-provider constructor.
public sealed class DataProtectionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
        => XElement.Parse(services.GetRequiredService<SecretProtector>().Unprotect(encryptedElement.Value, DataProtectionKeyEncryptor.Purpose));
}
