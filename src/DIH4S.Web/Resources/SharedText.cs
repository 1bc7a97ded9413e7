namespace DIH4S.Web.Resources;

/// <summary>Marker for the strings in <c>SharedText.resx</c> (English) and <c>SharedText.ro.resx</c> (Romanian).</summary>
public sealed class SharedText;
