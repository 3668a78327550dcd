//! Enums whose variants are written as fixed words (JSON values, `data-*` attributes, the CLI):
//! each word stands once, beside its variant, and gives the serde rename, `as_str` and `Display`.

/// Declares a `Copy` enum whose variants serialize as the given words.
///
/// ```ignore
/// wire_enum! {
///     /// How the signed data was encoded.
///     pub enum Encoding { Ber = "BER", Der = "DER" }
/// }
/// ```
macro_rules! wire_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// The word as the JSON writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use wire_enum;
