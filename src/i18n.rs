//! The words and numbers of the site in its language: the theme's UI strings (looked up,
//! filled in, joined into lists) and how numbers, amounts, shares and dates are written.
//! Page views and the search index call this module; it calls nothing of theirs.

use crate::model::Date;
use std::collections::HashMap;

/// The theme's UI strings, by key (`themes/<name>/i18n/<language>.yaml`).
pub type Strings = HashMap<String, String>;

/// UI string `key` of the theme, or an empty string when the theme has none.
pub fn t_of<'a>(t: &'a Strings, key: &str) -> &'a str {
    t.get(key).map_or("", String::as_str)
}

/// Replaces `{name}` placeholders in UI string `key`.
pub fn tr(t: &Strings, key: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(t_of(t, key).to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// Expands `{n}` and `{total}` in a UI string.
pub fn fill(template: &str, n: usize, total: usize) -> String {
    template
        .replace("{n}", &n.to_string())
        .replace("{total}", &total.to_string())
}

/// An amount with sensible decimals: whole above 100, one decimal above 10, else two.
pub fn amount(x: f64) -> String {
    let a = x.abs();
    let r = if a >= 100.0 {
        x.round()
    } else if a >= 10.0 {
        (x * 10.0).round() / 10.0
    } else {
        x
    };
    format_number(r)
}

/// A number with a unit: "96 customers", "8%".
pub fn with_unit(n: &str, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        None | Some("") => n.to_string(),
        Some("%") => format!("{n}%"),
        Some(u) => format!("{n} {u}"),
    }
}

/// Joins clauses as a list in the site's language: "a, b, and c".
pub fn list(t: &Strings, parts: &[String]) -> String {
    join_with(parts, t_of(t, "plan_list_sep"), t_of(t, "plan_list_and"))
}

/// Joins names as a list in the site's language: "a, b and c" (a、b、c).
pub fn names(t: &Strings, parts: &[String]) -> String {
    join_with(parts, t_of(t, "plan_name_sep"), t_of(t, "plan_name_and"))
}

fn join_with(parts: &[String], sep: &str, and: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(sep)),
    }
}

/// Formats a number for people: thousands separators, at most two decimals, no `.0`.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return "—".to_string();
    }
    let rounded = (n * 100.0).round() / 100.0;
    let neg = rounded < 0.0;
    let abs = rounded.abs();
    // `{:.0}` prints any size exactly, where a cast to u64 would saturate.
    let digits = format!("{:.0}", abs.trunc());
    let frac = ((abs - abs.trunc()) * 100.0).round() as u64;
    let mut out = String::with_capacity(digits.len() + 8);
    if neg {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if frac > 0 && frac < 100 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// A share as a percentage with at most one decimal, as the diagrams write it: 0.4 → "40%",
/// 0.125 → "12.5%", 0.2444 → "24.4%"; empty for a negative or non-finite share.
pub fn format_percent(rate: f64) -> String {
    crate::diagram::format_percent(rate).unwrap_or_default()
}

/// Optional date as text.
pub fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_number(100.0), "100");
        assert_eq!(format_number(1_234_567.5), "1,234,567.5");
        assert_eq!(format_number(0.125), "0.13");
        assert_eq!(format_number(-1200.0), "-1,200");
        assert_eq!(format_percent(0.4), "40%");
        assert_eq!(format_percent(0.125), "12.5%");
        assert_eq!(format_percent(0.2444), "24.4%");
        assert_eq!(format_number(f64::NAN), "—");
        assert_eq!(format_number(1e20), "100,000,000,000,000,000,000");
    }

    #[test]
    fn lists_and_placeholders() {
        let t: Strings = [
            ("plan_list_sep", ", "),
            ("plan_list_and", " and "),
            ("plan_name_sep", "、"),
            ("plan_name_and", "、"),
            ("k", "{a} of {b}, {a}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&t, &s(&[])), "");
        assert_eq!(list(&t, &s(&["a"])), "a");
        assert_eq!(list(&t, &s(&["a", "b", "c"])), "a, b and c");
        assert_eq!(names(&t, &s(&["a", "b", "c"])), "a、b、c");
        assert_eq!(tr(&t, "k", &[("a", "1"), ("b", "2")]), "1 of 2, 1");
        assert_eq!(tr(&t, "missing", &[("a", "1")]), "");
    }
}
