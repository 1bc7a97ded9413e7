using DIH4S.Web.Resources;
using DIH4S.Web.Services;
using Microsoft.Extensions.Localization;

namespace DIH4S.Web.Pages.Labs;

/// <summary>A piece of equipment's booking rules in words.</summary>
public static class EquipmentRules
{
    public static IReadOnlyList<string> Describe(IStringLocalizer<LabsText> text, Equipment equipment, string? trainingTitle)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(equipment);
        List<string> rules =
        [
            equipment.BufferMinutes > 0 ? text["Rule_Buffer", equipment.BufferMinutes] : text["Rule_NoBuffer"],
            equipment.MinNoticeHours > 0 ? text["Rule_Notice", equipment.MinNoticeHours] : text["Rule_NoNotice"],
            text["Rule_MaxHours", equipment.MaxHours],
        ];
        if (equipment.RequiredTrainingId is not null)
        {
            rules.Add(text["Rule_Training", trainingTitle ?? equipment.RequiredTrainingId]);
        }

        return rules;
    }
}
