using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DIH4S.Api.Identity;

/// <summary>
/// How the data-protection key ring is protected at rest (the <c>DataProtection</c> section, ADR 0014):
/// a certificate whose public key encrypts every new key before <see cref="GrainXmlRepository"/> stores it.
/// </summary>
public sealed class KeyRingProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>The certificate that encrypts the keys; every node of a hub needs the same one.</summary>
    public CertificateSettings Certificate { get; set; } = new();

    /// <summary>
    /// Outside Development, lets a node start without a certificate, its keys stored in clear
    /// (warned about at every start). Meant for a short migration only.
    /// </summary>
    public bool AllowUnencryptedKeys { get; set; }
}

/// <summary>Where the key-ring certificate is: a PKCS#12 (.pfx) file, or a PEM certificate with its private key.</summary>
public sealed class CertificateSettings
{
    /// <summary>A .pfx/.p12 file, or a PEM file holding the certificate (and the key, unless <see cref="KeyPath"/> names it).</summary>
    public string? Path { get; set; }

    /// <summary>The .pfx password, or the password of an encrypted PEM key; unset when there is none.</summary>
    public string? Password { get; set; }

    /// <summary>For a PEM certificate: the PEM file of its private key, when it is not in <see cref="Path"/>.</summary>
    public string? KeyPath { get; set; }
}

/// <summary>The protection this node applies to its key ring, chosen once at start from configuration and environment.</summary>
public sealed record KeyRingProtection(KeyRingProtection.Mode Kind, X509Certificate2? Certificate)
{
    public const string CertificatePathSetting = "DataProtection:Certificate:Path";
    public const string AllowUnencryptedSetting = "DataProtection:AllowUnencryptedKeys";

    /// <summary>How the keys are stored.</summary>
    public enum Mode
    {
        /// <summary>Encrypted with the configured certificate.</summary>
        Certificate,

        /// <summary>In clear, because the environment is Development.</summary>
        UnencryptedInDevelopment,

        /// <summary>In clear, because <c>DataProtection:AllowUnencryptedKeys</c> is true.</summary>
        UnencryptedByChoice,
    }

    /// <summary>
    /// Reads the certificate when one is configured. Without one, Development stores keys in clear;
    /// any other environment refuses to start unless <c>DataProtection:AllowUnencryptedKeys</c> is true.
    /// </summary>
    /// <exception cref="InvalidOperationException">No certificate outside Development, or one that cannot be used.</exception>
    public static KeyRingProtection Choose(KeyRingProtectionOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(options.Certificate.Path))
        {
            return new KeyRingProtection(Mode.Certificate, Load(options.Certificate));
        }

        if (environment.IsDevelopment())
        {
            return new KeyRingProtection(Mode.UnencryptedInDevelopment, null);
        }

        if (options.AllowUnencryptedKeys)
        {
            return new KeyRingProtection(Mode.UnencryptedByChoice, null);
        }

        throw new InvalidOperationException(
            $"{CertificatePathSetting} is not set: in the {environment.EnvironmentName} environment the data-protection keys "
            + "(which sign every token) must be encrypted at rest. Set DataProtection__Certificate__Path to a .pfx file "
            + "(with DataProtection__Certificate__Password) or to a PEM certificate with its private key "
            + "(DataProtection__Certificate__KeyPath when the key is in a file of its own); every node needs the same certificate. "
            + $"Only to migrate, {AllowUnencryptedSetting}=true starts without one (keys in clear).");
    }

    private static X509Certificate2 Load(CertificateSettings settings)
    {
        var path = settings.Path!;
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path)
                ? string.IsNullOrEmpty(settings.Password)
                    ? X509Certificate2.CreateFromPemFile(path, settings.KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, settings.Password, settings.KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, settings.Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"{CertificatePathSetting} '{path}' cannot be used to protect the data-protection keys: {ex.Message} "
                + "(check the file, DataProtection:Certificate:Password and DataProtection:Certificate:KeyPath).", ex);
        }

        using var key = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null;
        if (key is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"{CertificatePathSetting} '{path}' must hold an RSA certificate with its private key: "
                + "the node decrypts the keys it stored with it.");
        }

        return certificate;
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var start = new char[64];
        var read = reader.ReadBlock(start);
        return new string(start, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
