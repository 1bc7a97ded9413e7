namespace DIH4S.Web.Resources;

/// <summary>Marker for the strings in <c>RequestsText.resx</c> (English) and <c>RequestsText.ro.resx</c> (Romanian).</summary>
public sealed class RequestsText;
