namespace DIH4S.Web.Resources;

/// <summary>Marker for the strings in <c>TrainingsText.resx</c> (English) and <c>TrainingsText.ro.resx</c> (Romanian).</summary>
public sealed class TrainingsText;
