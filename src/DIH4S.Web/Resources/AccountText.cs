namespace DIH4S.Web.Resources;

/// <summary>Marker for the strings in <c>AccountText.resx</c> (English) and <c>AccountText.ro.resx</c> (Romanian).</summary>
public sealed class AccountText;
