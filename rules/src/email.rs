//! E-mail addresses as `<input type=email>` accepts them (WHATWG HTML "valid e-mail
//! address"), plus the RFC 5321 length limits, trimming, and list parsing.

use crate::ErrorCode;

pub const MAX_LOCAL_PART: usize = 64;
pub const MAX_ADDRESS: usize = 254;
const MAX_LABEL: usize = 63;

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn is_valid_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LABEL
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// Validates and normalizes one address: surrounding whitespace trimmed, domain
/// lower-cased (domains are case-insensitive; local parts may not be).
pub fn normalize(input: &str) -> Result<String, ErrorCode> {
    let address = input.trim();
    let (local, domain) = address.rsplit_once('@').ok_or(ErrorCode::EmailInvalid)?;
    if local.is_empty()
        || !local.chars().all(is_local_char)
        || !domain.split('.').all(is_valid_label)
    {
        return Err(ErrorCode::EmailInvalid);
    }
    if local.len() > MAX_LOCAL_PART {
        return Err(ErrorCode::EmailLocalPartTooLong);
    }
    if address.len() > MAX_ADDRESS {
        return Err(ErrorCode::EmailTooLong);
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

pub fn is_valid(input: &str) -> bool {
    normalize(input).is_ok()
}

/// The key under which two addresses count as the same (case-insensitive, as the spec asks).
/// ASCII case only: valid addresses are ASCII ([`normalize`]), and Unicode lower-casing puts
/// core's 11.7 KB lower-case table into the SPA's wasm (the SPA without it: −7,161 B brotli,
/// `cargo xtask size`) only to pair up invalid entries.
pub fn duplicate_key(address: &str) -> String {
    address.trim().to_ascii_lowercase()
}

/// Splits pasted text into candidate addresses: commas, semicolons, spaces and new lines
/// all separate entries; empty pieces are dropped. Nothing is validated here, so the
/// caller can show each bad entry instead of silently losing it.
pub fn split_list(pasted: &str) -> Vec<String> {
    pasted
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|piece| !piece.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Appends to `list` each address in `text` (split as [`split_list`] does) that the list
/// does not hold yet, compared as [`duplicate_key`] compares (the rule the contact lists
/// enforce with `email-duplicate`). Returns the addresses left out, as typed, so the caller
/// can name them instead of dropping them silently.
pub fn append_new(list: &mut Vec<String>, text: &str) -> Vec<String> {
    let mut duplicates = Vec::new();
    for address in split_list(text) {
        let key = duplicate_key(&address);
        if list.iter().any(|existing| duplicate_key(existing) == key) {
            duplicates.push(address);
        } else {
            list.push(address);
        }
    }
    duplicates
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn edge_cases() {
        let table: &[(&str, Result<&str, ErrorCode>)] = &[
            ("ops@example.com", Ok("ops@example.com")),
            ("  Ops@Example.COM \n", Ok("Ops@example.com")),
            ("a.b+tag@sub.example.co.uk", Ok("a.b+tag@sub.example.co.uk")),
            ("x@localhost", Ok("x@localhost")),
            (
                "!#$%&'*+/=?^_`{|}~-@example.com",
                Ok("!#$%&'*+/=?^_`{|}~-@example.com"),
            ),
            (
                ".dots..allowed.@example.com",
                Ok(".dots..allowed.@example.com"),
            ),
            ("", Err(ErrorCode::EmailInvalid)),
            ("plainaddress", Err(ErrorCode::EmailInvalid)),
            ("@example.com", Err(ErrorCode::EmailInvalid)),
            ("user@", Err(ErrorCode::EmailInvalid)),
            ("user@-example.com", Err(ErrorCode::EmailInvalid)),
            ("user@example-.com", Err(ErrorCode::EmailInvalid)),
            ("user@example..com", Err(ErrorCode::EmailInvalid)),
            ("user@.example.com", Err(ErrorCode::EmailInvalid)),
            ("user@example.com.", Err(ErrorCode::EmailInvalid)),
            ("us er@example.com", Err(ErrorCode::EmailInvalid)),
            ("user@exa_mple.com", Err(ErrorCode::EmailInvalid)),
            ("a@b@example.com", Err(ErrorCode::EmailInvalid)),
            ("\"quoted\"@example.com", Err(ErrorCode::EmailInvalid)),
            ("müller@example.com", Err(ErrorCode::EmailInvalid)),
            ("user@bücher.de", Err(ErrorCode::EmailInvalid)),
        ];
        for (input, expected) in table {
            assert_eq!(
                normalize(input).as_deref(),
                expected.as_deref(),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn length_limits() {
        let local64 = "a".repeat(64);
        assert!(normalize(&format!("{local64}@example.com")).is_ok());
        assert_eq!(
            normalize(&format!("{local64}a@example.com")),
            Err(ErrorCode::EmailLocalPartTooLong)
        );
        let label = "b".repeat(63);
        let domain = format!("{label}.{label}.{label}.{}", "c".repeat(57)); // 63*3 + 3 + 57 = 249
        assert_eq!(
            normalize(&format!("abcd@{domain}")).map(|a| a.len()),
            Ok(254)
        );
        assert_eq!(
            normalize(&format!("abcde@{domain}")),
            Err(ErrorCode::EmailTooLong)
        );
        assert_eq!(
            normalize(&format!("x@{}.com", "d".repeat(64))),
            Err(ErrorCode::EmailInvalid)
        );
    }

    #[test]
    fn split_list_accepts_every_separator() {
        assert_eq!(
            split_list("a@x.io, b@x.io;c@x.io\n d@x.io\t\te@x.io ;; "),
            vec!["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"]
        );
        assert!(split_list(" ,; \n").is_empty());
    }

    #[test]
    fn append_new_reports_duplicates_case_insensitively() {
        let mut list = vec!["a@x.example".to_owned()];
        let left_out = append_new(&mut list, "A@X.example b@x.example\nB@x.EXAMPLE, bad");
        assert_eq!(list, vec!["a@x.example", "b@x.example", "bad"]);
        assert_eq!(left_out, vec!["A@X.example", "B@x.EXAMPLE"]);
        assert!(append_new(&mut list, " ,; ").is_empty());
        assert_eq!(list.len(), 3);
    }

    proptest! {
        #[test]
        fn normalizing_is_idempotent(local in "[a-zA-Z0-9.+_-]{1,64}", domain in "[a-zA-Z0-9]{1,20}(\\.[a-zA-Z]{2,6}){1,3}") {
            let once = normalize(&format!(" {local}@{domain} ")).unwrap();
            prop_assert_eq!(normalize(&once).unwrap(), once.clone());
            prop_assert!(once.len() <= MAX_ADDRESS);
        }

        #[test]
        fn never_panics_and_accepted_addresses_obey_limits(input in "\\PC{0,300}") {
            if let Ok(address) = normalize(&input) {
                let (local, _) = address.rsplit_once('@').unwrap();
                prop_assert!(local.len() <= MAX_LOCAL_PART);
                prop_assert!(address.len() <= MAX_ADDRESS);
                prop_assert!(address.is_ascii());
            }
        }

        #[test]
        fn split_list_never_yields_separators(input in "[a-z@., ;\\n]{0,80}") {
            for piece in split_list(&input) {
                prop_assert!(!piece.is_empty());
                prop_assert!(!piece.contains([',', ';', ' ', '\n']));
            }
        }
    }
}
