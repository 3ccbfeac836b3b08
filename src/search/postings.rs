//! Postings: the docs that hold a key, written as compact text.
//!
//! A doc is named by its page (position in the index) and its section (0 for the page's
//! head, then one per heading section), so that a page that gains a section renumbers only
//! its own docs. A key's postings are listed in doc order, each as one or two numbers:
//!
//! - a doc of the same page as the one before: `(section gap << 1) << bits | weight`, where
//!   the section gap is `section - previous section - 1`;
//! - the first doc of a page: `((page gap << 1) | 1) << bits | weight`, then the section,
//!   where the page gap is `page - previous page - 1` (the page before the first posting is
//!   the list's first page minus one).
//!
//! `bits` is 4 for a CJK bigram and 2 for other keys ([`weight_bits`]); the weight bits are
//! [`IN_HEADING`], [`REPEATED`] and, for bigrams, [`IN_SHOWN_HEAD`] and [`IN_SNIPPET`].
//! Numbers are written in base 32, the last digit from [`FINAL`] and the others from
//! [`MORE`]: no separators, one character for most postings of common keys.

use super::tokenize::is_cjk;
pub use super::units::{IN_HEADING, REPEATED};

/// Weight bit of a CJK bigram: the page title or the doc's heading, as shown with a result,
/// holds the bigram (the search box ranks such results higher).
pub const IN_SHOWN_HEAD: u8 = 4;
/// Weight bit of a CJK bigram: the doc's snippet holds the bigram.
pub const IN_SNIPPET: u8 = 8;

/// Digits that end a number.
pub const FINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits followed by more digits of the same number.
pub const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_$";

/// The value of each byte as a digit: `0..32` for [`FINAL`], `32..64` for [`MORE`], 255
/// for others.
const DIGIT: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < 32 {
        table[FINAL[i] as usize] = i as u8;
        table[MORE[i] as usize] = 32 + i as u8;
        i += 1;
    }
    table
};

/// Sections of a page beyond this one are not indexed (a bound for hostile pages; the
/// search box numbers docs as `page * 2^20 + section`).
pub const MAX_SECTION: u32 = (1 << 20) - 1;

/// Appends `n` in the postings' base-32 digits.
pub fn push_number(out: &mut String, mut n: u64) {
    if n < 32 {
        out.push(char::from(FINAL[n as usize]));
        return;
    }
    let mut digits = [0u8; 13];
    let mut len = 0;
    loop {
        digits[len] = (n % 32) as u8;
        len += 1;
        n /= 32;
        if n == 0 {
            break;
        }
    }
    for (k, d) in digits[..len].iter().rev().enumerate() {
        let alphabet = if k + 1 == len { FINAL } else { MORE };
        out.push(char::from(alphabet[usize::from(*d)]));
    }
}

/// Whether `key` is a CJK bigram (two CJK characters), whose postings carry four weight
/// bits.
pub fn is_bigram(key: &str) -> bool {
    let mut chars = key.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(a), Some(b), None) if is_cjk(a) && is_cjk(b))
}

/// Weight bits per posting of `key`.
pub fn weight_bits(key: &str) -> u32 {
    if is_bigram(key) { 4 } else { 2 }
}

/// The score the search box gives a posting with weight `w` (before a query's own
/// factors): 11 for a heading or title, 1 otherwise, one more for a repeated word, and for
/// bigrams 5 more when the shown title or heading holds it, or 1 when the snippet does.
pub fn score(w: u8, bits: u32) -> u8 {
    let base = if w & IN_HEADING != 0 { 11 } else { 1 } + (w & REPEATED);
    let shown = if bits < 4 {
        0
    } else if w & IN_SHOWN_HEAD != 0 {
        5
    } else if w & IN_SNIPPET != 0 {
        1
    } else {
        0
    };
    base + shown
}

/// One posting: a doc and the key's weight bits in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The page's position in the index.
    pub page: u32,
    /// 0 for the page's head, then its heading sections in order.
    pub section: u32,
    /// Weight bits.
    pub weight: u8,
}

/// Appends postings, in doc order, to an encoded list.
#[derive(Debug, Clone, Copy)]
pub struct Writer {
    previous: Option<(u32, u32)>,
    first_page: u32,
    bits: u32,
}

impl Writer {
    /// A writer for a list whose first page is `first_page`, with `bits` weight bits.
    pub fn new(first_page: u32, bits: u32) -> Writer {
        Writer {
            previous: None,
            first_page,
            bits,
        }
    }

    /// Appends `p`, which comes after every posting appended so far.
    pub fn push(&mut self, out: &mut String, p: Posting) {
        let w = u64::from(p.weight);
        match self.previous {
            Some((page, section)) if page == p.page => {
                let gap = u64::from(p.section - section - 1);
                push_number(out, (gap << 1) << self.bits | w);
            }
            previous => {
                let before =
                    previous.map_or(i64::from(self.first_page) - 1, |(page, _)| i64::from(page));
                let gap = (i64::from(p.page) - before - 1) as u64;
                push_number(out, ((gap << 1) | 1) << self.bits | w);
                push_number(out, u64::from(p.section));
            }
        }
        self.previous = Some((p.page, p.section));
    }
}

/// A posting with where it is written: `start..first` is its first number, `start..end` all
/// of it.
#[derive(Debug, Clone, Copy)]
struct Spanned {
    posting: Posting,
    start: usize,
    first: usize,
    end: usize,
}

/// Reads an encoded list; stops at the first malformed number.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
    previous: Option<(u32, u32)>,
    first_page: u32,
    bits: u32,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, first_page: u32, bits: u32) -> Self {
        Reader {
            text: text.as_bytes(),
            at: 0,
            previous: None,
            first_page,
            bits,
        }
    }

    fn number(&mut self) -> Option<u64> {
        let mut n = 0u64;
        while let Some(&b) = self.text.get(self.at) {
            self.at += 1;
            let d = DIGIT[usize::from(b)];
            if d == 255 || n >> 58 != 0 {
                return None;
            }
            n = n << 5 | u64::from(d & 31);
            if d < 32 {
                return Some(n);
            }
        }
        None
    }
}

impl Iterator for Reader<'_> {
    type Item = Spanned;

    fn next(&mut self) -> Option<Spanned> {
        let start = self.at;
        let n = self.number()?;
        let first = self.at;
        let weight = (n & ((1 << self.bits) - 1)) as u8;
        let rest = n >> self.bits;
        let (page, section) = if rest & 1 == 0 {
            let (page, section) = self.previous?;
            (
                page,
                section
                    .checked_add(1)?
                    .checked_add(u32::try_from(rest >> 1).ok()?)?,
            )
        } else {
            let before = self
                .previous
                .map_or(i64::from(self.first_page) - 1, |(page, _)| i64::from(page));
            let page = u32::try_from(before + 1 + i64::try_from(rest >> 1).ok()?).ok()?;
            (page, u32::try_from(self.number()?).ok()?)
        };
        self.previous = Some((page, section));
        Some(Spanned {
            posting: Posting {
                page,
                section,
                weight,
            },
            start,
            first,
            end: self.at,
        })
    }
}

/// Decodes a list whose first page is `first_page` (the inverse of [`Writer`], for tests
/// and tools; the theme's script has its own); `None` if it is malformed.
pub fn decode(text: &str, first_page: u32, bits: u32) -> Option<Vec<Posting>> {
    let mut list = Vec::new();
    let mut end = 0;
    for s in Reader::new(text, first_page, bits) {
        list.push(s.posting);
        end = s.end;
    }
    (end == text.len()).then_some(list)
}

/// Encodes `list` (in doc order) as a list whose first page is `first_page`.
pub fn encode(list: &[Posting], first_page: u32, bits: u32) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut writer = Writer::new(first_page, bits);
    for p in list {
        writer.push(&mut out, *p);
    }
    out
}

/// Replaces the postings of page `page` in `text` (a list whose first page is
/// `first_page`) by `new` (sections in order, with weights), rewriting only that page's
/// postings and the first number of the next page's.
pub fn splice(text: &mut String, first_page: u32, bits: u32, page: u32, new: &[(u32, u8)]) {
    let mut reader = Reader::new(text, first_page, bits);
    let mut before: Option<(u32, u32)> = None;
    let mut start = text.len();
    let mut after: Option<Spanned> = None;
    for s in reader.by_ref() {
        if s.posting.page < page {
            before = Some((s.posting.page, s.posting.section));
            continue;
        }
        if start == text.len() {
            start = s.start;
        }
        if s.posting.page > page {
            after = Some(s);
            break;
        }
    }
    let mut writer = Writer {
        previous: before,
        first_page,
        bits,
    };
    let mut replacement = String::new();
    for &(section, weight) in new {
        writer.push(
            &mut replacement,
            Posting {
                page,
                section,
                weight,
            },
        );
    }
    let end = match after {
        Some(next) => {
            // The next page's first posting: same weight and section, a new page gap.
            let mut first = String::new();
            writer.push(&mut first, next.posting);
            // `first` is the page number and the section; keep only the page number.
            let mut head = Reader::new(&first, 0, bits);
            let cut = head.number().map_or(first.len(), |_| head.at);
            replacement.push_str(&first[..cut]);
            next.first
        }
        None => text.len(),
    };
    text.replace_range(start..end, &replacement);
}

/// The highest [`score`] in an encoded list.
pub fn max_score(text: &str, first_page: u32, bits: u32) -> u8 {
    Reader::new(text, first_page, bits)
        .map(|s| score(s.posting.weight, bits))
        .max()
        .unwrap_or(0)
}

/// Cuts a list whose first page is 0 into blocks of `1 << shift` pages: `(block number,
/// the block's list)` for each block that holds postings. Only the first posting of each
/// block is written anew; the others keep their text.
pub fn cut(text: &str, bits: u32, shift: u32) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for s in Reader::new(text, 0, bits) {
        let k = s.posting.page >> shift;
        match out.last_mut() {
            Some((last, block)) if *last == k => block.push_str(&text[s.start..s.end]),
            _ => {
                let mut block = String::new();
                Writer::new(k << shift, bits).push(&mut block, s.posting);
                out.push((k, block));
            }
        }
    }
    out
}

/// Joins blocks of `1 << shift` pages (as [`cut`] makes them) into one list from page 0.
pub fn join(blocks: &[(u32, String)], bits: u32, shift: u32) -> String {
    let mut out = String::new();
    let mut writer = Writer::new(0, bits);
    for (k, text) in blocks {
        for s in Reader::new(text, k << shift, bits) {
            writer.push(&mut out, s.posting);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(page: u32, section: u32, weight: u8) -> Posting {
        Posting {
            page,
            section,
            weight,
        }
    }

    #[test]
    fn numbers_use_one_digit_per_five_bits() {
        let mut s = String::new();
        for n in [0, 31, 32, 1023, 1024] {
            push_number(&mut s, n);
            s.push(' ');
        }
        assert_eq!(s, "0 v B0 $v BA0 ");
    }

    #[test]
    fn postings_round_trip() {
        let list = [
            p(0, 0, 2),
            p(0, 1, 0),
            p(0, 7, 3),
            p(3, 2, 1),
            p(4, 0, 0),
            p(100_000, 40, 0),
        ];
        let text = encode(&list, 0, 2);
        // Page 0: first posting "1" (gap 0, new page, weight 2 → 0b110 = 6) then section 0.
        assert!(text.starts_with("60"), "{text}");
        assert_eq!(decode(&text, 0, 2).unwrap(), list);
        let late = encode(&list[3..], 3, 4);
        assert_eq!(decode(&late, 3, 4).unwrap(), list[3..]);
        assert_eq!(decode("A", 0, 2), None, "a number must end");
        assert_eq!(decode("!", 0, 2), None);
        assert_eq!(decode("0", 0, 2), None, "the first posting starts a page");
    }

    #[test]
    fn splicing_a_page_gives_the_list_written_anew() {
        let list = vec![p(0, 0, 2), p(2, 1, 0), p(2, 3, 1), p(5, 0, 0), p(9, 2, 3)];
        let edits: &[(u32, &[(u32, u8)])] = &[
            (2, &[(0, 2), (4, 1)]), // changed
            (2, &[]),               // removed
            (3, &[(1, 0)]),         // added between
            (0, &[]),               // first page gone
            (9, &[(0, 0)]),         // last page
            (12, &[(5, 1)]),        // after the end
        ];
        for (page, new) in edits {
            let mut expected: Vec<Posting> =
                list.iter().copied().filter(|q| q.page != *page).collect();
            expected.extend(new.iter().map(|&(s, w)| p(*page, s, w)));
            expected.sort_by_key(|q| (q.page, q.section));
            let mut text = encode(&list, 0, 2);
            splice(&mut text, 0, 2, *page, new);
            assert_eq!(text, encode(&expected, 0, 2), "page {page} → {new:?}");
        }
    }

    #[test]
    fn blocks_cut_and_join_back() {
        let list: Vec<Posting> = (0..50).map(|i| p(i * 3, i % 4, (i % 4) as u8)).collect();
        let whole = encode(&list, 0, 2);
        let blocks = cut(&whole, 2, 4);
        assert!(blocks.windows(2).all(|w| w[0].0 < w[1].0));
        for (k, text) in &blocks {
            let part = decode(text, k << 4, 2).unwrap();
            assert!(part.iter().all(|q| q.page >> 4 == *k));
        }
        assert_eq!(join(&blocks, 2, 4), whole);
    }

    #[test]
    fn scores_follow_the_weight_bits() {
        assert_eq!(score(0, 2), 1);
        assert_eq!(score(REPEATED | IN_HEADING, 2), 12);
        assert_eq!(
            score(IN_SHOWN_HEAD | IN_SNIPPET, 2),
            1,
            "no shown bits but bigrams"
        );
        assert_eq!(score(IN_SHOWN_HEAD | IN_SNIPPET, 4), 6);
        assert_eq!(score(IN_SNIPPET | IN_HEADING, 4), 12);
        assert!(is_bigram("需求") && !is_bigram("需") && !is_bigram("ab") && !is_bigram("需求分"));
    }
}
