//! Plural operands in compliance with [CLDR Plural Rules](https://unicode.org/reports/tr35/tr35-numbers.html#Language_Plural_Rules).
//!
//! See [full operands description](https://unicode.org/reports/tr35/tr35-numbers.html#Operands).
//!
//! # Examples
//!
//! From int
//!
//! ```
//! use std::convert::TryFrom;
//! use intl_pluralrules::operands::*;
//! assert_eq!(Ok(PluralOperands {
//!    n: 2_f64,
//!    i: 2,
//!    v: 0,
//!    w: 0,
//!    f: 0,
//!    t: 0,
//! }), PluralOperands::try_from(2))
//! ```
//!
//! From float
//!
//! ```
//! use std::convert::TryFrom;
//! use intl_pluralrules::operands::*;
//! assert_eq!(Ok(PluralOperands {
//!    n: 1234.567_f64,
//!    i: 1234,
//!    v: 3,
//!    w: 3,
//!    f: 567,
//!    t: 567,
//! }), PluralOperands::try_from("-1234.567"))
//! ```
//!
//! From &str
//!
//! ```
//! use std::convert::TryFrom;
//! use intl_pluralrules::operands::*;
//! assert_eq!(Ok(PluralOperands {
//!    n: 123.45_f64,
//!    i: 123,
//!    v: 2,
//!    w: 2,
//!    f: 45,
//!    t: 45,
//! }), PluralOperands::try_from(123.45))
//! ```
#![cfg_attr(feature = "cargo-clippy", allow(clippy::cast_lossless))]
use std::convert::TryFrom;
use std::isize;
use std::str::FromStr;

/// A full plural operands representation of a number. See [CLDR Plural Rules](https://unicode.org/reports/tr35/tr35-numbers.html#Language_Plural_Rules) for complete operands description.
#[derive(Debug, PartialEq)]
pub struct PluralOperands {
    /// Absolute value of input
    pub n: f64,
    /// Integer value of input
    pub i: u64,
    /// Number of visible fraction digits with trailing zeros
    pub v: usize,
    /// Number of visible fraction digits without trailing zeros
    pub w: usize,
    /// Visible fraction digits with trailing zeros
    pub f: u64,
    /// Visible fraction digits without trailing zeros
    pub t: u64,
}

// Patched (vendor/fluent-bundle/README.md): upstream reads `n` with `f64::from_str`, whose
// tables cost the SPA's wasm ~10 KB brotli; here `n` is computed from the digits, read anyway.
// Only plain decimals (`-?[0-9]+(\.[0-9]+)?`) are accepted: upstream also took "1e3", "inf"
// or "+5" as strings (numbers of those kinds still convert, see the float impls below).
impl<'a> TryFrom<&'a str> for PluralOperands {
    type Error = &'static str;

    fn try_from(input: &'a str) -> Result<Self, Self::Error> {
        let abs_str = input.strip_prefix('-').unwrap_or(input);
        let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());

        if let Some((int_str, dec_str)) = abs_str.split_once('.') {
            if !is_digits(int_str) || !is_digits(dec_str) {
                return Err("Incorrect number passed!");
            }
            let integer_digits =
                u64::from_str(int_str).map_err(|_| "Could not convert string to integer!")?;
            let backtrace = dec_str.trim_end_matches('0');
            let fraction_digits0 =
                u64::from_str(dec_str).map_err(|_| "Could not convert string to integer!")?;
            let fraction_digits = u64::from_str(backtrace).unwrap_or(0);
            let scale = (0..dec_str.len()).fold(1.0_f64, |scale, _| scale * 10.0);
            Ok(PluralOperands {
                n: integer_digits as f64 + fraction_digits0 as f64 / scale,
                i: integer_digits,
                v: dec_str.len(),
                w: backtrace.len(),
                f: fraction_digits0,
                t: fraction_digits,
            })
        } else {
            if !is_digits(abs_str) {
                return Err("Incorrect number passed!");
            }
            // Beyond u64, `i` saturates as upstream's `as u64` did.
            let (n, i) = match u64::from_str(abs_str) {
                Ok(i) => (i as f64, i),
                Err(_) => (
                    abs_str
                        .bytes()
                        .fold(0.0_f64, |n, b| n * 10.0 + f64::from(b - b'0')),
                    u64::MAX,
                ),
            };
            Ok(PluralOperands {
                n,
                i,
                v: 0,
                w: 0,
                f: 0,
                t: 0,
            })
        }
    }
}

macro_rules! impl_integer_type {
    ($ty:ident) => {
        impl From<$ty> for PluralOperands {
            fn from(input: $ty) -> Self {
                // XXXManishearth converting from u32 or u64 to isize may wrap
                PluralOperands {
                    n: input as f64,
                    i: input as u64,
                    v: 0,
                    w: 0,
                    f: 0,
                    t: 0,
                }
            }
        }
    };
    ($($ty:ident)+) => {
        $(impl_integer_type!($ty);)+
    };
}

macro_rules! impl_signed_integer_type {
    ($ty:ident) => {
        impl TryFrom<$ty> for PluralOperands {
            type Error = &'static str;
            fn try_from(input: $ty) -> Result<Self, Self::Error> {
                // XXXManishearth converting from i64 to isize may wrap
                let x = (input as isize).checked_abs().ok_or("Number too big")?;
                Ok(PluralOperands {
                    n: x as f64,
                    i: x as u64,
                    v: 0,
                    w: 0,
                    f: 0,
                    t: 0,
                })
            }
        }
    };
    ($($ty:ident)+) => {
        $(impl_signed_integer_type!($ty);)+
    };
}

macro_rules! impl_convert_type {
    ($ty:ident) => {
        impl TryFrom<$ty> for PluralOperands {
            type Error = &'static str;
            fn try_from(input: $ty) -> Result<Self, Self::Error> {
                let as_str: &str = &input.to_string();
                PluralOperands::try_from(as_str)
            }
        }
    };
    ($($ty:ident)+) => {
        $(impl_convert_type!($ty);)+
    };
}

// Patched: whole numbers, NaN and the infinities need no digits, so they are not formatted
// (upstream's results for them: `i` is `n as u64`, no fraction digits).
macro_rules! impl_float_type {
    ($ty:ident) => {
        impl TryFrom<$ty> for PluralOperands {
            type Error = &'static str;
            fn try_from(input: $ty) -> Result<Self, Self::Error> {
                let n = f64::from(input.abs());
                if !n.is_finite() || n.fract() == 0.0 {
                    return Ok(PluralOperands {
                        n,
                        i: n as u64,
                        v: 0,
                        w: 0,
                        f: 0,
                        t: 0,
                    });
                }
                let as_str: &str = &input.to_string();
                PluralOperands::try_from(as_str)
            }
        }
    };
    ($($ty:ident)+) => {
        $(impl_float_type!($ty);)+
    };
}

impl_integer_type!(u8 u16 u32 u64 usize);
impl_signed_integer_type!(i8 i16 i32 i64 isize);
impl_float_type!(f32 f64);
impl_convert_type!(String);
