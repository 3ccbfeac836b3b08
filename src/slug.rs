//! Turning ids and headings into URL path segments.

/// Lower-cases `s` and keeps letters and digits of any script; runs of anything else become
/// one `-`. `"Needs Analysis"` → `needs-analysis`, `"需求 分析"` → `需求-分析`.
pub fn slugify(s: &str) -> String {
    if is_slug(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Whether `s` is already a slug: lower-case ASCII letters, digits, `_` and single inner
/// `-`. Most ids are, and this check is much cheaper than rebuilding them.
fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
        && !s.contains("--")
}

/// Percent-encodes a path for use in an `href`, keeping `/`, `#` and unreserved characters.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b'#' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Needs Analysis"), "needs-analysis");
        assert_eq!(slugify("  --a  b-- "), "a-b");
        assert_eq!(slugify("需求 分析"), "需求-分析");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("first_contact"), "first_contact");
        assert_eq!(slugify("a--b"), "a-b");
        assert_eq!(slugify("-a"), "a");
        assert_eq!(slugify("needs-analysis-00027"), "needs-analysis-00027");
    }

    #[test]
    fn encodes() {
        assert_eq!(encode_path("a b/需"), "a%20b/%E9%9C%80");
        assert_eq!(encode_path("x/index.html#top"), "x/index.html#top");
    }
}
