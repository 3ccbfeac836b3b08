//! The Markdown body of a source file: the part of the file's text after its front matter,
//! shared with the text instead of copied.

use std::ops::Deref;
use std::sync::Arc;

/// A Markdown body: the end of its file's text, from `start`. It reads as a `&str`.
#[derive(Debug, Clone)]
pub struct Body {
    text: Arc<str>,
    start: usize,
}

impl Body {
    /// The part of `text` from byte `start` (a character boundary) to its end.
    pub fn new(text: Arc<str>, start: usize) -> Body {
        debug_assert!(text.is_char_boundary(start), "a body starts on a character");
        let start = if text.is_char_boundary(start) {
            start
        } else {
            0
        };
        Body { text, start }
    }

    /// The whole text of the file the body ends, front matter included.
    pub fn full_text(&self) -> &str {
        &self.text
    }
}

impl Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.start..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_the_end_of_its_text() {
        let text: Arc<str> = Arc::from("---\ntitle: Ü\n---\n# Body\n");
        let body = Body::new(Arc::clone(&text), text.find('#').unwrap());
        assert_eq!(&*body, "# Body\n");
        assert_eq!(Arc::strong_count(&text), 2);
    }
}
