//! Free text typed by users (names, subjects, descriptions): trimmed, bounded, and free of
//! characters that could forge mail headers or log lines, or reorder what a reader sees.

use crate::{ErrorCode, FieldError};

/// Whether text may span lines. Only long free text (a case description) may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

/// Characters that override or isolate the text direction (Trojan Source, CVE-2021-42574):
/// they make what a reader sees differ from what was stored.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character not allowed in text of this kind: any control character (CR and LF
/// included) in single-line text; in multi-line text, controls other than line breaks and
/// tabs; and direction overrides everywhere.
pub fn first_forbidden(text: &str, lines: Lines) -> Option<char> {
    text.chars().find(|&c| {
        let allowed_control = lines == Lines::Multi && matches!(c, '\n' | '\r' | '\t');
        (c.is_control() && !allowed_control) || is_bidi_control(c)
    })
}

/// Checks one required text field and returns it trimmed. Errors: empty, longer than
/// `max_chars`, or containing a forbidden character (named as `U+XXXX` in the value).
pub fn check(
    field: &str,
    value: &str,
    max_chars: usize,
    lines: Lines,
    errors: &mut Vec<FieldError>,
) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.push(FieldError::new(field, ErrorCode::Required));
    } else if trimmed.chars().count() > max_chars {
        errors
            .push(FieldError::new(field, ErrorCode::TextTooLong).with_value(max_chars.to_string()));
    } else if let Some(c) = first_forbidden(trimmed, lines) {
        errors.push(
            FieldError::new(field, ErrorCode::TextInvalidCharacter)
                .with_value(format!("U+{:04X}", u32::from(c))),
        );
    }
    trimmed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codes(value: &str, lines: Lines) -> Vec<(ErrorCode, Option<String>)> {
        let mut errors = Vec::new();
        check("f", value, 10, lines, &mut errors);
        errors.into_iter().map(|e| (e.code, e.value)).collect()
    }

    #[test]
    fn edge_cases() {
        let invalid = |hex: &str| vec![(ErrorCode::TextInvalidCharacter, Some(hex.to_owned()))];
        assert_eq!(codes("  Grüße  ", Lines::Single), vec![]);
        assert_eq!(codes(" ", Lines::Single), vec![(ErrorCode::Required, None)]);
        assert_eq!(
            codes("x".repeat(11).as_str(), Lines::Single),
            vec![(ErrorCode::TextTooLong, Some("10".into()))]
        );
        assert_eq!(codes("a\r\nBcc: x", Lines::Single), invalid("U+000D"));
        assert_eq!(codes("a\nb", Lines::Single), invalid("U+000A"));
        assert_eq!(codes("a\tb", Lines::Single), invalid("U+0009"));
        assert_eq!(codes("a\nb\r\n\tc", Lines::Multi), vec![]);
        assert_eq!(codes("a\u{0}b", Lines::Multi), invalid("U+0000"));
        assert_eq!(codes("a\u{1b}[31m", Lines::Multi), invalid("U+001B"));
        assert_eq!(codes("a\u{85}b", Lines::Multi), invalid("U+0085"));
        assert_eq!(codes("abc\u{202E}fdp", Lines::Multi), invalid("U+202E"));
        assert_eq!(codes("x\u{2066}y", Lines::Single), invalid("U+2066"));
        // Marks that only hint a direction, and joiners, are ordinary text.
        assert_eq!(codes("a\u{200F}b\u{200D}c", Lines::Single), vec![]);
    }

    proptest! {
        #[test]
        fn accepted_single_line_text_has_no_line_break_or_control(value in "\\PC{0,3}[\\x00-\\x1f\\u{202a}-\\u{202e}]?\\PC{0,3}") {
            let mut errors = Vec::new();
            let text = check("f", &value, 10, Lines::Single, &mut errors);
            if errors.is_empty() {
                prop_assert!(!text.chars().any(|c| c.is_control() || is_bidi_control(c)));
            }
        }
    }
}
