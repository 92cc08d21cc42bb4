namespace OrderConfirm.Verification;

/// What "finished long ago" means for the data a verification needs only while it may still act: the SMS ledger (the
/// at-most-once guard of each text), the WooCommerce note ledger (the once-only guard of each note) and the timeline.
public static class FinishedVerifications
{
    // For a verifications row under the alias v and a @cutoff in Unix milliseconds. Step done: no call, poll or
    // write-back is due, so nothing can claim an SMS or post a note. Not needs-attention: that row waits for a person,
    // whose redial or write-back retry uses all of it again, however old. Unchanged since the cutoff: every transition
    // (a link answer, an operator's redial) moves updated_at, so a row brought back to life is young again.
    public const string Sql = "v.step = 'done' and v.status <> 'needs-attention' and v.updated_at <= @cutoff";
}
