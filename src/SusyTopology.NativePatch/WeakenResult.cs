namespace SusyTopology.NativePatch;

/// <summary>What <see cref="ElfVersionNeeds.MarkWeak"/> did.</summary>
public enum WeakenResult
{
    /// <summary>The requirement was strong and is weak now.</summary>
    Patched,

    /// <summary>The requirement was weak already (a patched copy): nothing changed.</summary>
    AlreadyWeak,

    /// <summary>The object does not require that version: nothing changed.</summary>
    NotRequired,
}
