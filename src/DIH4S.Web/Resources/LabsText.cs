namespace DIH4S.Web.Resources;

/// <summary>Marker for the strings in <c>LabsText.resx</c> (English) and <c>LabsText.ro.resx</c> (Romanian).</summary>
public sealed class LabsText;
