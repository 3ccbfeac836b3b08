//! Text to search terms: the same rules as the theme's `search.js` applies to queries.
//!
//! - Runs of CJK characters (Han, kana, Hangul) have no spaces between words, so they are
//!   cut into overlapping character bigrams (`需求分析` → `需求`, `求分`, `分析`); a lone CJK
//!   character is a term by itself.
//! - Other runs of letters and digits are words: lowercased, stop words dropped, one-letter
//!   words dropped, and ASCII words reduced to their Porter stem.
//! - Full-width ASCII (`ＣＲＭ２`) counts as ASCII.

use super::stem::stem;
use std::cell::RefCell;

/// English words too common to be worth indexing, sorted. The index file carries this
/// list, so that the search box drops the same words from queries.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but",
    "by", "can", "could", "did", "do", "does", "each", "for", "from", "had", "has", "have", "he",
    "her", "his", "how", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of",
    "off", "on", "or", "our", "she", "should", "so", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "what", "when",
    "where", "which", "who", "whom", "why", "will", "with", "would", "you", "your",
];

/// The shortest word that goes into the typo vocabulary: a query word of 5 letters or more
/// may be one edit away from it.
pub const MIN_VOCABULARY_WORD: usize = 4;

/// Words longer than this (in characters) are not terms: identifiers, hashes or URLs.
const MAX_WORD: usize = 40;

/// Whether `c` is written without spaces between words (CJK ideographs, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{3FFFF}' // CJK Extensions B and later
    )
}

/// Full-width ASCII forms (U+FF01–FF5E) as ASCII; other characters as they are.
pub fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

thread_local! {
    /// Terms of the lowercase ASCII words already seen on this thread (`None` for a stop
    /// word): most words of a site recur.
    static STEMS: RefCell<Memo> = RefCell::new(Memo::default());
}

/// A bound on the memo, so that a huge site does not keep every word it ever saw.
const MEMO_LIMIT: usize = 200_000;

/// Calls `f` with every term of `text`, in order (a term may repeat).
pub fn each_term(text: &str, f: &mut dyn FnMut(&str)) {
    each_term_and_word(text, &mut |term, _| f(term));
}

/// Calls `f` with every term of `text`, in order, and with the word it came from when that
/// word belongs in the typo vocabulary: ASCII letters only, at least
/// [`MIN_VOCABULARY_WORD`] of them, lowercase, not a stop word.
pub fn each_term_and_word(text: &str, f: &mut dyn FnMut(&str, Option<&str>)) {
    STEMS.with(|memo| {
        // `f` never tokenizes, so the memo is borrowed once for the whole text.
        let mut memo = memo.borrow_mut();
        let mut word = String::new();
        let mut cjk: Vec<char> = Vec::new();
        let mut pair = String::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII first: most text of most sites.
            let b = bytes[i];
            if b.is_ascii() {
                i += 1;
                flush_cjk(&mut cjk, &mut pair, f);
                if b.is_ascii_alphanumeric() {
                    word.push(char::from(b.to_ascii_lowercase()));
                } else {
                    flush_word(&mut word, &mut memo, f);
                }
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            let c = narrow(c);
            if is_cjk(c) {
                flush_word(&mut word, &mut memo, f);
                cjk.push(c);
                continue;
            }
            flush_cjk(&mut cjk, &mut pair, f);
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else {
                flush_word(&mut word, &mut memo, f);
            }
        }
        flush_cjk(&mut cjk, &mut pair, f);
        flush_word(&mut word, &mut memo, f);
    });
}

/// Every term of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, &mut |t| out.push(t.to_string()));
    out
}

fn flush_cjk(run: &mut Vec<char>, pair: &mut String, f: &mut dyn FnMut(&str, Option<&str>)) {
    match run.len() {
        0 => return,
        1 => {
            pair.clear();
            pair.push(run[0]);
            f(pair, None);
        }
        _ => {
            for w in run.windows(2) {
                pair.clear();
                pair.push(w[0]);
                pair.push(w[1]);
                f(pair, None);
            }
        }
    }
    run.clear();
}

/// Stems (or `None` for stop words) of lowercase ASCII words.
type Memo = rustc_hash::FxHashMap<Box<str>, Option<Box<str>>>;

fn flush_word(word: &mut String, memo: &mut Memo, f: &mut dyn FnMut(&str, Option<&str>)) {
    if word.is_empty() {
        return;
    }
    if word.len() > MAX_WORD && word.chars().count() > MAX_WORD {
        // Not a term.
    } else if word.bytes().all(|b| b.is_ascii_lowercase()) {
        // Stop words and stems are looked up once per distinct word.
        let vocabulary = (word.len() >= MIN_VOCABULARY_WORD).then_some(word.as_str());
        match memo.get(word.as_str()) {
            Some(Some(s)) => f(s, vocabulary),
            Some(None) => {}
            None => {
                let term = (word.len() > 1 && !STOP_WORDS.contains(&word.as_str()))
                    .then(|| stem(word).into_boxed_str());
                if let Some(s) = &term {
                    f(s, vocabulary);
                }
                if memo.len() >= MEMO_LIMIT {
                    memo.clear();
                }
                memo.insert(word.as_str().into(), term);
            }
        }
    } else if word.chars().nth(1).is_some() || word.bytes().all(|b| b.is_ascii_digit()) {
        f(word, None);
    }
    word.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_into_bigrams() {
        assert_eq!(terms("需求分析"), ["需求", "求分", "分析"]);
        assert_eq!(
            terms("用 MEDDIC 梳理商机"),
            ["用", "meddic", "梳理", "理商", "商机"]
        );
        assert_eq!(terms("“客户”"), ["客户"]);
        assert_eq!(terms("CRM中的"), ["crm", "中的"]);
    }

    #[test]
    fn english_is_lowercased_stemmed_and_stop_words_dropped() {
        assert_eq!(
            terms("Negotiating the Qualification, of meetings!"),
            ["negoti", "qualif", "meet"]
        );
        assert_eq!(terms("a I x 5 10 Q3"), ["5", "10", "q3"]);
        assert_eq!(terms("Customer's"), ["custom"]);
        assert_eq!(
            terms("Who signs off the data inventory?"),
            ["sign", "data", "inventori"]
        );
    }

    #[test]
    fn full_width_ascii_counts_as_ascii() {
        assert_eq!(terms("ＣＲＭ２０２６"), ["crm2026"]);
    }

    #[test]
    fn other_scripts_are_words() {
        assert_eq!(terms("Über café ÉTÉ"), ["über", "café", "été"]);
        assert_eq!(terms("すし 한국어"), ["すし", "한국", "국어"]);
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 6));
    }

    #[test]
    fn long_words_are_not_terms() {
        let long = "x".repeat(MAX_WORD + 1);
        assert!(terms(&format!("deal {long} won")).len() == 2);
    }
}
