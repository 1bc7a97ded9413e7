using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DIH4S.Api.Endpoints;

/// <summary>
/// The secret of an equipment's subscribable calendar URL (ADR 0008): calendar applications cannot send
/// a bearer token, so the feed also opens with a key that names the equipment, protected by the desk's
/// data-protection key ring (shared by every node through a grain, kept across restarts).
/// </summary>
public static class FeedKeys
{
    private const string Purpose = "DIH4S.Desk.EquipmentFeed.v1";

    public static string For(IDataProtectionProvider protection, string equipmentId)
    {
        ArgumentNullException.ThrowIfNull(protection);
        return protection.CreateProtector(Purpose).Protect(equipmentId);
    }

    /// <summary>Whether the key is one that <see cref="For"/> gave for this equipment.</summary>
    public static bool Opens(IDataProtectionProvider protection, string key, string equipmentId)
    {
        ArgumentNullException.ThrowIfNull(protection);
        try
        {
            return protection.CreateProtector(Purpose).Unprotect(key) == equipmentId;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
