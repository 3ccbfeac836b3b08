//! Where each value of a YAML document stands in its file, by path.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use yaml_rust2::parser::{Event, Parser};

/// Where each value of a YAML document starts, by path (`stages[2].owner`), so that checks
/// run after deserializing can point at the right line and column.
///
/// A file that loads cleanly is indexed only when a problem in it must be placed: most
/// files never need it, and a large site saves a second parse of every file and the index's
/// memory.
#[derive(Debug, Default)]
pub struct Locations {
    index: OnceLock<Index>,
    /// The text to index when first asked: the whole file, the YAML's byte range in it, and
    /// the YAML's first line.
    pending: Option<(Arc<str>, Range<usize>, usize)>,
}

#[derive(Debug, Default)]
struct Index {
    by_path: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
}

/// Items left out of each list of a document, by the list's path in the file: the model of
/// a partly loaded file counts list items without them.
pub type RemovedItems = HashMap<String, Vec<usize>>;

/// One open container while indexing: its path in the model and in the file (the two
/// differ once items were left out of a list), and whether it was itself left out.
struct Frame {
    path: String,
    /// The path in the file, kept only while some list lost items.
    file_path: String,
    dropped: bool,
    kind: FrameKind,
}

enum FrameKind {
    /// A mapping, with the key whose value comes next.
    Map { key: Option<String> },
    /// A list, with the index in the file and in the model of the item that comes next.
    Seq { next: usize, next_kept: usize },
}

/// Where the value that comes next in the innermost container stands.
struct Child {
    path: String,
    file_path: String,
    dropped: bool,
}

fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Locations {
    /// Indexes `text`, which starts at line `first_line` of its file. Text that does not
    /// parse gives an empty index (parsing reports that error separately).
    pub fn index(text: &str, first_line: usize) -> Self {
        Self::index_model(text, first_line, &RemovedItems::new())
    }

    /// Like [`Locations::index`] for `yaml`, a part of `file`, indexed when first asked.
    pub fn lazy(file: &Arc<str>, yaml: &str, first_line: usize) -> Self {
        let start = (yaml.as_ptr() as usize).wrapping_sub(file.as_ptr() as usize);
        let range = start..start.wrapping_add(yaml.len());
        match file.get(range.clone()) {
            Some(part) if std::ptr::eq(part, yaml) => Locations {
                index: OnceLock::new(),
                pending: Some((Arc::clone(file), range, first_line)),
            },
            _ => Self::index(yaml, first_line),
        }
    }

    fn get(&self) -> &Index {
        self.index.get_or_init(|| match &self.pending {
            Some((file, range, first_line)) => {
                Index::of(&file[range.clone()], *first_line, &RemovedItems::new())
            }
            None => Index::default(),
        })
    }

    /// Like [`Locations::index`], for a model from which the list items in `removed` were
    /// left out: paths count the remaining items (`stages[1]` is the file's `stages[2]`
    /// when `stages[1]` was left out), and left-out items have no entry.
    pub fn index_model(text: &str, first_line: usize, removed: &RemovedItems) -> Self {
        Locations {
            index: OnceLock::from(Index::of(text, first_line, removed)),
            pending: None,
        }
    }
}

impl Index {
    fn of(text: &str, first_line: usize, removed: &RemovedItems) -> Self {
        let track = !removed.is_empty();
        let mut by_path = HashMap::new();
        let mut keys = HashMap::new();
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        let child = |stack: &mut Vec<Frame>| -> Option<Child> {
            let frame = stack.last_mut()?;
            match &mut frame.kind {
                FrameKind::Map { key } => {
                    let k = key.take()?;
                    Some(Child {
                        path: join_key(&frame.path, &k),
                        file_path: if track {
                            join_key(&frame.file_path, &k)
                        } else {
                            String::new()
                        },
                        dropped: frame.dropped,
                    })
                }
                FrameKind::Seq { next, next_kept } => {
                    let n = *next;
                    *next += 1;
                    let gone = track
                        && removed
                            .get(frame.file_path.as_str())
                            .is_some_and(|r| r.contains(&n));
                    let path = format!("{}[{next_kept}]", frame.path);
                    if !gone {
                        *next_kept += 1;
                    }
                    Some(Child {
                        path,
                        file_path: if track {
                            format!("{}[{n}]", frame.file_path)
                        } else {
                            String::new()
                        },
                        dropped: frame.dropped || gone,
                    })
                }
            }
        };
        while let Ok((event, mark)) = parser.next_token() {
            let pos = (mark.line() + first_line - 1, mark.col() + 1);
            match event {
                Event::StreamEnd => break,
                Event::Scalar(value, ..) => {
                    if let Some(Frame {
                        kind: FrameKind::Map { key: key @ None },
                        path,
                        dropped,
                        ..
                    }) = stack.last_mut()
                    {
                        if !*dropped {
                            keys.insert(join_key(path, &value), pos);
                            // A block mapping is announced at its first `:`; point at its
                            // first key instead.
                            if let Some(start) = by_path.get_mut(path.as_str())
                                && pos < *start
                            {
                                *start = pos;
                            }
                        }
                        *key = Some(value);
                    } else if let Some(c) = child(&mut stack)
                        && !c.dropped
                    {
                        by_path.insert(c.path, pos);
                    }
                }
                Event::Alias(_) => {
                    if let Some(c) = child(&mut stack)
                        && !c.dropped
                    {
                        by_path.insert(c.path, pos);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let c = if stack.is_empty() {
                        Child {
                            path: String::new(),
                            file_path: String::new(),
                            dropped: false,
                        }
                    } else {
                        child(&mut stack).unwrap_or(Child {
                            path: String::new(),
                            file_path: String::new(),
                            dropped: true,
                        })
                    };
                    if !c.dropped {
                        by_path.insert(c.path.clone(), pos);
                    }
                    stack.push(Frame {
                        path: c.path,
                        file_path: c.file_path,
                        dropped: c.dropped,
                        kind: match event {
                            Event::MappingStart(..) => FrameKind::Map { key: None },
                            _ => FrameKind::Seq {
                                next: 0,
                                next_kept: 0,
                            },
                        },
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Index { by_path, keys }
    }
}

impl Locations {
    /// Line and column of the key of the entry at `path` (`stages[0].owner` → `owner:`),
    /// or of its value when it has no key.
    pub fn find_key(&self, path: &str) -> (usize, usize) {
        self.get()
            .keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.find(path))
    }

    /// Line and column of the value at `path`, or of its nearest parent that is known.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let by_path = &self.get().by_path;
        let mut p = path;
        loop {
            if let Some(&pos) = by_path.get(p) {
                return pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return by_path.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_find_nested_values() {
        let text = "title: t\nstages:\n  - id: a\n    owner: b\n  - {id: c, owner: d}\n";
        let loc = Locations::index(text, 10);
        assert_eq!(loc.find("stages[0].owner"), (13, 12));
        assert_eq!(loc.find("stages[1].owner"), (14, 20));
        assert_eq!(loc.find("stages[1].missing"), (14, 5));
        assert_eq!(loc.find("title"), (10, 8));
    }

    #[test]
    fn a_lazy_index_of_part_of_a_file_finds_what_an_eager_one_finds() {
        let file: Arc<str> =
            "---\ntitle: t\nchanges:\n  - {date: 2026-01-02, note: x}\n---\nbody\n".into();
        let yaml = &file[4..file.find("---\nbody").unwrap()];
        let lazy = Locations::lazy(&file, yaml, 2);
        assert!(lazy.index.get().is_none(), "not indexed until asked");
        let eager = Locations::index(yaml, 2);
        for path in [
            "title",
            "changes[0].note",
            "changes[0].date",
            "changes[1]",
            "nope",
        ] {
            assert_eq!(lazy.find(path), eager.find(path), "{path}");
            assert_eq!(lazy.find_key(path), eager.find_key(path), "{path}");
        }
        assert_eq!(lazy.find("changes[0].note"), (4, 30));
        // Text that is not part of the file is indexed at once.
        let copy = yaml.to_string();
        let other = Locations::lazy(&file, &copy, 2);
        assert!(other.index.get().is_some());
        assert_eq!(other.find("title"), (2, 8));
    }

    #[test]
    fn left_out_items_are_skipped_and_the_rest_renumbered() {
        let text = "stages:\n  - id: a\n  - id: b\n    raci: {x: A}\n  - id: c\nroles: [r, s]\n";
        let removed: RemovedItems = [("stages".to_string(), vec![0])].into();
        let loc = Locations::index_model(text, 1, &removed);
        assert_eq!(loc.find("stages[0].id"), (3, 9), "the file's stages[1]");
        assert_eq!(loc.find_key("stages[0].raci.x"), (4, 12));
        assert_eq!(loc.find("stages[1].id"), (5, 9), "the file's stages[2]");
        assert_eq!(loc.find("stages[2].id"), (2, 3), "no such item: its list");
        assert_eq!(
            loc.find("roles[1]"),
            (6, 12),
            "other lists keep their indices"
        );
    }
}
