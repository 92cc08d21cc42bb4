namespace OrderConfirm.Verification;

/// Who asks for an action on a verification: the operator (the admin API, the operator's page session) or a store
/// owner's login. The timeline names which, by the login's id and never its e-mail, and a stop or a decision by hand
/// records it in decided_by.
public sealed record ActingPerson(string Decider, long? LoginId)
{
    public static readonly ActingPerson Operator = new(Deciders.Operator, null);

    public static ActingPerson Owner(long loginId) => new(Deciders.Owner, loginId);

    /// "an operator", "the store owner (login 3)".
    public string Words => LoginId is { } login ? $"{Deciders.Person(Decider)} (login {login})" : Deciders.Person(Decider);
}
