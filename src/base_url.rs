//! `base_url`: where the site is published, written as an absolute URL
//! (`https://intranet.example.com/sales/`) or as the path alone (`/sales/roadmap/`).
//!
//! Pages never need it: every link in the output is relative. Two things do: `sitemap.xml`,
//! whose URLs must be absolute, and the 404 page, which a server shows at any depth.

/// Where the site is published, from `base_url` in site.yaml or `build --base-url`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BaseUrl {
    /// An `http://` or `https://` URL with a host, as written.
    Absolute(String),
    /// A path from the server's root, starting with `/`.
    Path(String),
}

impl BaseUrl {
    /// Reads a `base_url` value. The error says what was found and what is expected.
    pub fn parse(value: &str) -> Result<BaseUrl, String> {
        let value = value.trim();
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return match url::Url::parse(value) {
                Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => {
                    Ok(BaseUrl::Absolute(value.to_string()))
                }
                Ok(_) => Err(format!("`{value}` has no host name")),
                Err(e) => Err(format!("`{value}` is not a valid URL: {e}")),
            };
        }
        if value.starts_with('/') && !value.starts_with("//") {
            if value
                .chars()
                .any(|c| c.is_whitespace() || c == '?' || c == '#')
            {
                return Err(format!(
                    "`{value}` is not a plain path: it holds spaces, `?` or `#`"
                ));
            }
            return Ok(BaseUrl::Path(value.to_string()));
        }
        Err(format!(
            "`{value}` is neither an absolute URL (https://…) nor a path that starts with `/`"
        ))
    }

    /// The absolute URL, for the sitemap, or `None` for a path.
    pub fn absolute(&self) -> Option<&str> {
        match self {
            BaseUrl::Absolute(u) => Some(u),
            BaseUrl::Path(_) => None,
        }
    }

    /// The path part, ending in `/` (`/sales/roadmap/`; `/` for `https://host`).
    pub fn path(&self) -> String {
        let path = match self {
            BaseUrl::Absolute(u) => {
                let rest = u.split_once("://").map_or(u.as_str(), |(_, rest)| rest);
                let rest = rest.split(['?', '#']).next().unwrap_or(rest);
                rest.find('/').map_or("/", |i| &rest[i..])
            }
            BaseUrl::Path(p) => p.as_str(),
        };
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }
}

/// The hint shown with a `base_url` that cannot be read.
pub const HINT: &str = "write the full address, such as https://intranet.example.com/sales/ (needed for sitemap.xml), or only its path, such as /sales/";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_and_paths_are_read() {
        let abs = BaseUrl::parse("https://intranet.example.com/sales/roadmap").unwrap();
        assert_eq!(
            abs.absolute(),
            Some("https://intranet.example.com/sales/roadmap")
        );
        assert_eq!(abs.path(), "/sales/roadmap/");
        assert_eq!(BaseUrl::parse("http://h:8080").unwrap().path(), "/");
        assert_eq!(
            BaseUrl::parse("https://h/销售/?x#y").unwrap().path(),
            "/销售/"
        );
        let path = BaseUrl::parse("/sales/roadmap/").unwrap();
        assert_eq!(path.absolute(), None);
        assert_eq!(path.path(), "/sales/roadmap/");
        assert_eq!(BaseUrl::parse("/").unwrap().path(), "/");
        assert_eq!(BaseUrl::parse("/docs").unwrap().path(), "/docs/");
    }

    #[test]
    fn anything_else_is_refused_with_what_was_found() {
        for bad in [
            "intranet.example.com/sales/",
            "sales/",
            "",
            "//cdn.example.com/",
            "ftp://h/",
            "https://",
            "/a b/",
        ] {
            let e = BaseUrl::parse(bad).expect_err(bad);
            assert!(e.contains(&format!("`{}`", bad.trim())), "{bad}: {e}");
        }
    }
}
