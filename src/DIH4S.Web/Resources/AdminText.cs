namespace DIH4S.Web.Resources;

/// <summary>Marker for the strings in <c>AdminText.resx</c> (English) and <c>AdminText.ro.resx</c> (Romanian).</summary>
public sealed class AdminText;
