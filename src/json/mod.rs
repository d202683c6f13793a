//! JSON as acelint needs it: a parse that notices duplicate keys, and a
//! locator that maps a JSON pointer back to the bytes of the key or value.

pub mod locate;
pub mod parse;
pub mod pointer;
pub mod unescape;

pub use locate::{duplicate_keys, index, locate, locate_with, DuplicateKey, Keys, Spans};
pub use parse::{parse_record, ParseError, Parsed};
