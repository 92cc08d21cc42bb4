namespace OrderConfirm.ConfirmLinks;

// The page's words in the two languages a store may choose for its customers (StoreSettings.SmsLanguage).
public sealed record ConfirmLinkTexts(
    string Lang,
    string Dir,
    string Title,
    string Store,
    string Order,
    string Amount,
    string Confirm,
    string Cancel,
    string ConfirmedOn,
    string CancelledOn,
    string Closed,
    string CallInProgress,
    string Expired,
    string NotFound,
    string TooMany,
    string BadAnswer,
    string ConfirmedTitle,
    string CancelledTitle,
    string Outdated,
    string Reload,
    string OtherLanguageName,
    string OtherLanguage)
{
    public static readonly ConfirmLinkTexts English = new(
        "en",
        "ltr",
        "Confirm your order",
        "Store",
        "Order",
        "Amount",
        "Confirm order",
        "Cancel order",
        "You confirmed this order on {0}. Thank you.",
        "You cancelled this order on {0}.",
        "This order can no longer be changed.",
        "A call about this order is in progress. Please try again in a few minutes.",
        "This link has expired.",
        "This link is not valid.",
        "Too many requests. Please wait a minute and try again.",
        "Please choose Confirm or Cancel.",
        "Order confirmed",
        "Order cancelled",
        "This page is out of date, so your answer was not saved. Please reload the page and choose again.",
        "Reload the page",
        "اردو",
        "ur");

    public static readonly ConfirmLinkTexts Urdu = new(
        "ur",
        "rtl",
        "اپنے آرڈر کی تصدیق کریں",
        "دکان",
        "آرڈر",
        "رقم",
        "آرڈر کی تصدیق کریں",
        "آرڈر منسوخ کریں",
        "آپ نے {0} کو اس آرڈر کی تصدیق کی۔ شکریہ۔",
        "آپ نے {0} کو یہ آرڈر منسوخ کیا۔",
        "اس آرڈر میں اب کوئی تبدیلی نہیں ہو سکتی۔",
        "اس آرڈر کے بارے میں ابھی کال جاری ہے۔ براہ کرم چند منٹ بعد دوبارہ کوشش کریں۔",
        "اس لنک کی میعاد ختم ہو چکی ہے۔",
        "یہ لنک درست نہیں ہے۔",
        "بہت زیادہ درخواستیں۔ براہ کرم ایک منٹ انتظار کر کے دوبارہ کوشش کریں۔",
        "براہ کرم تصدیق یا منسوخی کا انتخاب کریں۔",
        "آرڈر کی تصدیق ہو گئی",
        "آرڈر منسوخ ہو گیا",
        "یہ صفحہ پرانا ہو چکا ہے، اس لیے آپ کا جواب محفوظ نہیں ہوا۔ براہ کرم صفحہ دوبارہ لوڈ کریں اور پھر سے انتخاب کریں۔",
        "صفحہ دوبارہ لوڈ کریں",
        "English",
        "en");

    /// ?lang= wins; then the store's SMS language ("ur" only; "both" and "en" read English, with a link to Urdu).
    public static ConfirmLinkTexts For(string? queryLang, string? storeLanguage)
        => (queryLang is "en" or "ur" ? queryLang : storeLanguage) switch
        {
            "ur" => Urdu,
            _ => English,
        };
}
