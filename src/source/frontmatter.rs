//! Splitting a Markdown source into its YAML front matter and its body.

/// A Markdown file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines (empty when there is none).
    pub yaml: &'a str,
    /// 1-based line of the file where `yaml` starts.
    pub yaml_line: usize,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Why front matter could not be split off.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed;

/// Splits `text` at its front matter: a first line `---` and a later line `---` (or `...`).
/// A file that does not start with `---` has no front matter.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
        });
    }
    let mut offset = first_end;
    for (line, raw) in (2..).zip(text[first_end..].split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + raw.len();
            return Ok(Split {
                yaml: &text[first_end..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: a\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn windows_line_endings() {
        let s = split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_front_matter_and_unclosed() {
        assert_eq!(split("# Hi\n---\n").unwrap().body, "# Hi\n---\n");
        assert_eq!(split("---\ntitle: a\n# Body\n"), Err(Unclosed));
        assert_eq!(
            split(""),
            Ok(Split {
                yaml: "",
                yaml_line: 1,
                body: "",
                body_line: 1
            })
        );
    }
}
