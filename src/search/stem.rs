//! The Porter stemmer, as published in M.F. Porter, "An algorithm for suffix stripping",
//! Program 14(3), 1980: English words reduced to a common stem, so that a search for
//! "negotiating" finds "negotiation".
//!
//! This follows the paper (like NLTK's `ORIGINAL_ALGORITHM` mode), not the later reference
//! code's departures, with one light lemmatising step on top ([`join_forms`]) so that the
//! forms of a verb in -ify meet its noun in -ification. The theme's `search.js` implements
//! the same steps; both are checked against `tests/fixtures/stem-vectors.txt`.

/// Whether `w[i]` is a consonant: not a, e, i, o, u, and not a `y` after a consonant.
fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// The measure `m` of `w`: the number of vowel–consonant sequences in `[C](VC)^m[V]`.
fn measure(w: &[u8]) -> usize {
    let mut m = 0;
    let mut i = 0;
    while i < w.len() && is_consonant(w, i) {
        i += 1;
    }
    loop {
        while i < w.len() && !is_consonant(w, i) {
            i += 1;
        }
        if i == w.len() {
            return m;
        }
        while i < w.len() && is_consonant(w, i) {
            i += 1;
        }
        m += 1;
    }
}

/// `*v*`: the stem contains a vowel.
fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

/// `*d`: the stem ends with a double consonant.
fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// `*o`: the stem ends consonant–vowel–consonant, the last not w, x or y.
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

/// Applies the rule of `rules` with the longest suffix that `w` ends with, if the stem before
/// it passes `condition`. Only that rule is tried (the paper's "longest match" convention).
/// Returns whether a suffix matched at all.
fn step(w: &mut Vec<u8>, rules: &[(&str, &str)], condition: impl Fn(&[u8]) -> bool) -> bool {
    let Some((suffix, replacement)) = rules
        .iter()
        .filter(|(s, _)| w.ends_with(s.as_bytes()))
        .max_by_key(|(s, _)| s.len())
    else {
        return false;
    };
    let stem = w.len() - suffix.len();
    if condition(&w[..stem]) {
        w.truncate(stem);
        w.extend_from_slice(replacement.as_bytes());
    }
    true
}

const STEP2: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("abli", "able"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
];

const STEP3: &[(&str, &str)] = &[
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

const STEP4: &[(&str, &str)] = &[
    ("al", ""),
    ("ance", ""),
    ("ence", ""),
    ("er", ""),
    ("ic", ""),
    ("able", ""),
    ("ible", ""),
    ("ant", ""),
    ("ement", ""),
    ("ment", ""),
    ("ent", ""),
    ("ion", ""),
    ("ou", ""),
    ("ism", ""),
    ("ate", ""),
    ("iti", ""),
    ("ous", ""),
    ("ive", ""),
    ("ize", ""),
];

/// The stem of `word`, which must be lowercase. Words with anything but ASCII letters are
/// returned as they are.
pub fn stem(word: &str) -> String {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();

    // Step 1a: plurals.
    step(
        &mut w,
        &[("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")],
        |_| true,
    );

    // Step 1b: -eed, -ed, -ing.
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else if let Some(n) = [&b"ed"[..], b"ing"]
        .iter()
        .find(|s| w.ends_with(s) && has_vowel(&w[..w.len() - s.len()]))
        .map(|s| s.len())
    {
        w.truncate(w.len() - n);
        if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
            w.push(b'e');
        } else if ends_double_consonant(&w) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
            w.pop();
        } else if measure(&w) == 1 && ends_cvc(&w) {
            w.push(b'e');
        }
    }

    // Step 1c: y → i after a vowel-bearing stem.
    if w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let last = w.len() - 1;
        w[last] = b'i';
    }

    // Steps 2 to 4: derivational suffixes.
    step(&mut w, STEP2, |s| measure(s) > 0);
    step(&mut w, STEP3, |s| measure(s) > 0);
    // In step 4, -ion is removed only after s or t.
    let ion_ok = |s: &[u8]| matches!(s.last(), Some(b's' | b't'));
    let ends_ion = w.ends_with(b"ion");
    step(&mut w, STEP4, |s| {
        measure(s) > 1 && (!ends_ion || ion_ok(s))
    });

    // Step 5a: a final -e.
    if w.ends_with(b"e") {
        let s = &w[..w.len() - 1];
        let m = measure(s);
        if m > 1 || (m == 1 && !ends_cvc(s)) {
            w.pop();
        }
    }
    // Step 5b: -ll → -l.
    if measure(&w) > 1 && ends_double_consonant(&w) && w.ends_with(b"l") {
        w.pop();
    }

    join_forms(&mut w);
    // Only ASCII letters were kept or added.
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

/// The lemmatising step after Porter's five: a stem ending in -ifi (qualify, qualified,
/// qualifies) loses its final i, which Porter keeps, so that it meets the stem of the noun
/// in -ification (qualification → qualif).
fn join_forms(w: &mut Vec<u8>) {
    if w.len() > 4 && w.ends_with(b"ifi") {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared vectors, also run through the theme's JavaScript stemmer by tests/search.rs.
    const VECTORS: &str = include_str!("../../tests/fixtures/stem-vectors.txt");

    /// `(word, stem)` pairs of the vectors file (`word stem` per line, `#` comments).
    fn vectors() -> Vec<(&'static str, &'static str)> {
        VECTORS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut parts = l.split_whitespace();
                let word = parts.next().expect("a word");
                let stem = parts
                    .next()
                    .unwrap_or_else(|| panic!("no stem on line {l:?}"));
                (word, stem)
            })
            .collect()
    }

    #[test]
    fn stems_match_the_shared_vectors() {
        let vectors = vectors();
        assert!(vectors.len() >= 60, "only {} vectors", vectors.len());
        let wrong: Vec<String> = vectors
            .iter()
            .filter(|(w, s)| stem(w) != *s)
            .map(|(w, s)| format!("{w}: expected {s}, got {}", stem(w)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn forms_of_a_word_share_a_stem() {
        for group in [
            &["negotiate", "negotiating", "negotiation", "negotiations"][..],
            &["meeting", "meetings"],
            &[
                "qualify",
                "qualifies",
                "qualified",
                "qualification",
                "qualifying",
            ],
            &["renewal", "renewals"],
            &["verify", "verified", "verification"],
            &["forecast", "forecasts", "forecasting"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.windows(2).all(|p| p[0] == p[1]),
                "{group:?} → {stems:?}"
            );
        }
    }

    #[test]
    fn measure_counts_vowel_consonant_pairs() {
        for (w, m) in [
            ("tr", 0),
            ("ee", 0),
            ("tree", 0),
            ("y", 0),
            ("by", 0),
            ("trouble", 1),
            ("oats", 1),
            ("trees", 1),
            ("ivy", 1),
            ("troubles", 2),
            ("private", 2),
            ("oaten", 2),
            ("orrery", 2),
        ] {
            assert_eq!(measure(w.as_bytes()), m, "{w}");
        }
    }

    #[test]
    fn other_words_are_left_alone() {
        assert_eq!(stem(""), "");
        assert_eq!(stem("meddic"), "meddic");
        assert_eq!(stem("crm2"), "crm2");
        assert_eq!(stem("café"), "café");
        assert_eq!(stem("需求"), "需求");
    }
}
