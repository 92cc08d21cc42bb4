using OrderConfirm.Toolkit;

namespace OrderConfirm.Stores;

/// The known fields of a store's settings: those of every feature's section, so that a field no feature reads is named
/// as unknown rather than stored and ignored.
public sealed class StoreSettingsFields(IEnumerable<IStoreSettingsRules> rules) : IJsonObjectFields
{
    public Type ObjectType => typeof(StoreSettings);

    public IEnumerable<Type> FieldTypes => rules.Select(r => r.Section(new StoreSettings()).GetType());
}
