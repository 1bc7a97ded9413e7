using System.Globalization;
using System.Security.Cryptography;
using DIH4S.Contracts.Labs;
using Microsoft.AspNetCore.DataProtection;

namespace DIH4S.Api.Endpoints;

/// <summary>
/// The secret of an equipment's subscribable calendar URL (ADR 0008, 0013): calendar applications cannot
/// send a bearer token, so the feed also opens with a key that names the equipment and the feed's
/// generation, protected by the desk's data-protection key ring (shared by every node through a grain,
/// kept across restarts). The equipment accepts only keys of its current generation, so a revoked or
/// replaced link stops working.
/// </summary>
public static class FeedKeys
{
    private const string Purpose = "DIH4S.Desk.EquipmentFeed.v2";

    /// <summary>Keys made before generations existed: the equipment id alone, read as generation 0.</summary>
    private const string FirstPurpose = "DIH4S.Desk.EquipmentFeed.v1";

    public static string For(IDataProtectionProvider protection, FeedTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(ticket);
        return protection.CreateProtector(Purpose)
            .Protect($"{ticket.EquipmentId}\n{ticket.Generation.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The generation of a key that <see cref="For"/> gave for this equipment; null for any other key.</summary>
    public static int? Generation(IDataProtectionProvider protection, string key, string equipmentId)
    {
        ArgumentNullException.ThrowIfNull(protection);
        if (Unprotect(protection, Purpose, key) is { } payload)
        {
            var parts = payload.Split('\n');
            return parts.Length == 2 && parts[0] == equipmentId
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
                    ? generation
                    : null;
        }

        return Unprotect(protection, FirstPurpose, key) == equipmentId ? 0 : null;
    }

    /// <summary>
    /// The feed's URL: under <c>Desk:PublicUrl</c> when it is set, otherwise relative to the desk
    /// (<c>/api/...</c>); never built from the request's Host header.
    /// </summary>
    public static string Url(Uri? publicUrl, string equipmentId, string key)
    {
        var path = $"api/equipment/{Uri.EscapeDataString(equipmentId)}/calendar.ics?key={Uri.EscapeDataString(key)}";
        if (publicUrl is null)
        {
            return "/" + path;
        }

        var root = publicUrl.AbsoluteUri.EndsWith('/') ? publicUrl : new Uri(publicUrl.AbsoluteUri + "/");
        return new Uri(root, path).AbsoluteUri;
    }

    private static string? Unprotect(IDataProtectionProvider protection, string purpose, string key)
    {
        try
        {
            return protection.CreateProtector(purpose).Unprotect(key);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
