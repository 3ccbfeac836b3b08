//! Pages kept compressed in memory, for a server that holds a large site: HTML shrinks to
//! about a third with the fastest gzip level, and is inflated again when it is served.

use std::borrow::Cow;
use std::io::{Read, Write};

/// The two bytes every gzip stream starts with (no HTML page starts with them).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// `bytes` compressed with gzip's fastest level.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    let mut out = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    let _ = out.write_all(bytes);
    let mut packed = out.finish().unwrap_or_default();
    packed.shrink_to_fit();
    packed
}

/// The bytes of a file as kept: inflated if [`pack`] made them, else as they are.
pub fn unpack(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() * 4);
    match flate2::read::GzDecoder::new(bytes).read_to_end(&mut out) {
        Ok(_) => Cow::Owned(out),
        Err(_) => Cow::Borrowed(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_pages_unpack_to_the_same_bytes_and_plain_ones_stay() {
        let html = "<!DOCTYPE html><html><body>".to_string() + &"<p>成交前的检查</p>".repeat(200);
        let packed = pack(html.as_bytes());
        assert!(packed.len() < html.len() / 3);
        assert_eq!(unpack(&packed).as_ref(), html.as_bytes());
        assert!(matches!(unpack(html.as_bytes()), Cow::Borrowed(_)));
    }
}
