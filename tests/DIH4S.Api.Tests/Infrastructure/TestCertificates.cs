using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>
/// Self-signed RSA certificates made at test time for the data-protection key ring (ADR 0014), written as
/// .pfx files under the temporary folder and deleted when the test process ends. One is shared by every
/// node of the run, so nodes on one database read each other's keys.
/// </summary>
public static class TestCertificates
{
    public const string Password = "a-test-certificate-password";

    private static readonly Lazy<string> SharedPath = new(() => Create("dih4s-tests-key-ring"));

    /// <summary>The certificate every test node uses unless a test chooses otherwise.</summary>
    public static string Shared => SharedPath.Value;

    /// <summary>A new certificate, as a .pfx file protected with <see cref="Password"/>.</summary>
    public static string Create(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var folder = Path.Combine(Path.GetTempPath(), "dih4s-tests", "certificates");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }
}
