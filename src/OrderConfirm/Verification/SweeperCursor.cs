namespace OrderConfirm.Verification;

// Where the sweeper stopped when a backlog was too deep for one run; the next run carries on from there.
public sealed class SweeperCursor
{
    private DueStep? _resumeAfter;

    public DueStep? ResumeAfter
    {
        get => Volatile.Read(ref _resumeAfter);
        set => Volatile.Write(ref _resumeAfter, value);
    }
}
