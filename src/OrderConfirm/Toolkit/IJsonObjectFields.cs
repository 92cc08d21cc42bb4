namespace OrderConfirm.Toolkit;

/// The fields of a JSON object that its type reads through a converter of its own (a flat object that several features
/// read a part of, such as a store's settings): the types whose properties together are its known fields. Registered
/// by the feature that owns the type, so a request body check can name the fields it does not know.
public interface IJsonObjectFields
{
    Type ObjectType { get; }

    IEnumerable<Type> FieldTypes { get; }
}
