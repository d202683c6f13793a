//! RFC 6901 JSON pointers: building them and splitting them.

/// Appends one reference token, escaping `~` and `/`.
pub fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

pub fn join(base: &str, token: &str) -> String {
    let mut p = base.to_string();
    push(&mut p, token);
    p
}

/// The unescaped reference tokens of a pointer (`""` has none).
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// Whether `p` is an RFC 6901 pointer: empty, or `/` tokens in which `~`
/// is only ever `~0` or `~1`.
pub fn is_valid(p: &str) -> bool {
    let escapes_ok = || {
        let b = p.as_bytes();
        b.iter().enumerate().all(|(i, &c)| c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
    };
    (p.is_empty() || p.starts_with('/')) && escapes_ok()
}

/// The pointer as dotted field path for messages: `/Project/ExpectedCustomerSpend/0/Amount`
/// becomes `Project.ExpectedCustomerSpend[0].Amount`.
pub fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for t in tokens(pointer) {
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&t);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let p = join("/a", "b/c~d");
        assert_eq!(p, "/a/b~1c~0d");
        assert_eq!(tokens(&p).collect::<Vec<_>>(), vec!["a", "b/c~d"]);
    }

    #[test]
    fn valid_pointers() {
        for p in ["", "/", "/a/0", "/a~0b~1c"] {
            assert!(is_valid(p), "{p}");
        }
        for p in ["a", "/a~2b", "/a~"] {
            assert!(!is_valid(p), "{p}");
        }
    }

    #[test]
    fn dotted_paths() {
        assert_eq!(dotted("/Project/ExpectedCustomerSpend/0/Amount"), "Project.ExpectedCustomerSpend[0].Amount");
        assert_eq!(dotted(""), "");
    }
}
