namespace DIH4S.Grains;

/// <summary>Names of the Orleans providers the grains depend on; the host registers them under these names.</summary>
public static class DeskStorage
{
    /// <summary>The grain storage every grain of the desk persists to.</summary>
    public const string Name = "desk";
}
