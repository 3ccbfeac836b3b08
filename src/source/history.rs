//! Reading `history.csv`: actual counts per period and stage, with every problem placed at
//! its line and column.

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{History, HistoryRow, Period};
use crate::source::text_hash;
use std::collections::HashMap;
use std::path::Path;

/// The columns a history may have; the first three are required.
const COLUMNS: &[&str] = &["period", "stage", "entered", "won_value", "days"];
const REQUIRED: usize = 3;

/// Parses the text of a `history.csv` shown to users as `file`.
pub(super) fn parse(text: &str, file: &Path) -> Result<History, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let lines: Vec<&str> = text.lines().collect();
    let column_of = |line: usize, field: usize| {
        field_column(
            line.checked_sub(1)
                .and_then(|l| lines.get(l))
                .copied()
                .unwrap_or(""),
            field,
        )
    };
    let mut records = reader.records();

    // The header: names the columns, in any order.
    let (header, header_line) = loop {
        match records.next() {
            None => {
                return Err(vec![
                    Diagnostic::file_error(file, "history.csv is empty").with_hint(format!(
                        "start with the header line `{}`",
                        COLUMNS[..REQUIRED].join(",")
                    )),
                ]);
            }
            Some(Err(e)) => return Err(vec![csv_error(file, &e)]),
            Some(Ok(r)) if r.iter().all(str::is_empty) => continue,
            Some(Ok(r)) => {
                let line = r.position().map_or(1, |p| p.line() as usize);
                break (r, line);
            }
        }
    };
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}');
        match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
            Some(c) if index.contains_key(c) => errors.push(Diagnostic::error(
                file,
                header_line,
                column_of(header_line, i),
                format!("column `{c}` appears twice in the header"),
            )),
            Some(c) => {
                index.insert(c, i);
            }
            None => {
                let mut d = Diagnostic::error(
                    file,
                    header_line,
                    column_of(header_line, i),
                    format!(
                        "unknown column `{name}` in the header; expected {}",
                        list(COLUMNS)
                    ),
                );
                if let Some(m) = did_you_mean(&name.to_ascii_lowercase(), COLUMNS.iter().copied()) {
                    d = d.with_hint(format!("did you mean `{m}`?"));
                }
                errors.push(d);
            }
        }
    }
    for c in &COLUMNS[..REQUIRED] {
        if !index.contains_key(c) {
            errors.push(
                Diagnostic::error(file, header_line, 1, format!("the header has no `{c}` column"))
                    .with_hint(format!(
                        "the first line names the columns: `{}` (plus `won_value` and `days` if you have them)",
                        COLUMNS[..REQUIRED].join(",")
                    )),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut rows = Vec::new();
    let mut seen: HashMap<(Period, String), usize> = HashMap::new();
    let mut first_kind: Option<(bool, usize)> = None;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(file, &e));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cell = |name: &str| {
            index.get(name).map(|&i| {
                (
                    record.get(i).unwrap_or(""),
                    column_of(line, i.min(record.len().saturating_sub(1))),
                )
            })
        };
        let mut bad = |col: usize, msg: String, hint: &str| {
            errors.push(Diagnostic::error(file, line, col, msg).with_hint(hint.to_string()));
        };
        let (p, p_col) = cell("period").unwrap_or(("", 1));
        let period = Period::parse(p);
        if period.is_none() {
            bad(
                p_col,
                if p.is_empty() {
                    "missing `period`".to_string()
                } else {
                    format!("`{p}` is not a period")
                },
                "write a month as 2026-04 or a quarter as 2026-Q2",
            );
        }
        let mut mixed = false;
        if let Some(period) = period {
            match first_kind {
                None => first_kind = Some((period.is_quarter(), line)),
                Some((q, first)) if q != period.is_quarter() => {
                    mixed = true;
                    bad(
                        p_col,
                        format!(
                            "`{period}` is a {}, but line {first} counts by {}",
                            if period.is_quarter() {
                                "quarter"
                            } else {
                                "month"
                            },
                            if q { "quarters" } else { "months" }
                        ),
                        "count every row by month or every row by quarter",
                    );
                }
                Some(_) => {}
            }
        }
        let (stage, stage_col) = cell("stage").unwrap_or(("", 1));
        if stage.is_empty() {
            bad(
                stage_col,
                "missing `stage`".into(),
                "name the stage by its id in roadmap.yaml",
            );
        }
        let mut number = |name: &str, required: bool| -> Option<f64> {
            let (v, col) = cell(name)?;
            if v.is_empty() {
                if required {
                    bad(
                        col,
                        format!("missing `{name}`"),
                        "write a number, such as 120",
                    );
                }
                return None;
            }
            match v.replace([',', '_'], "").parse::<f64>() {
                Ok(n) if n.is_finite() && n >= 0.0 => Some(n),
                _ => {
                    bad(
                        col,
                        format!("`{name}` must be a number of 0 or more, found `{v}`"),
                        "write plain digits, such as 120 or 35.5",
                    );
                    None
                }
            }
        };
        let entered = number("entered", true);
        let won_value = number("won_value", false);
        let days = number("days", false);
        let (Some(period), Some(entered)) = (period, entered) else {
            continue;
        };
        if stage.is_empty() || mixed {
            continue;
        }
        if let Some(first) = seen.insert((period, stage.to_string()), line) {
            errors.push(
                Diagnostic::error(
                    file,
                    line,
                    1,
                    format!("`{period}`, `{stage}` is counted twice (first on line {first})"),
                )
                .with_hint("keep one row per period and stage"),
            );
            continue;
        }
        rows.push(HistoryRow {
            period,
            stage: stage.to_string(),
            entered,
            won_value,
            days,
            line,
            stage_col,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(History {
        file: file.to_path_buf(),
        rows,
        hash: text_hash(text),
    })
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn csv_error(file: &Path, e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(0, |p| p.line() as usize);
    Diagnostic::error(file, line, 1, format!("cannot read this line as CSV: {e}")).with_hint(
        "separate values with commas; put a value that contains a comma in double quotes",
    )
}

/// The 1-based column (in characters) where field `field` of a CSV line starts, skipping
/// commas inside double quotes and the spaces before the value.
fn field_column(line: &str, field: usize) -> usize {
    let mut n = 0;
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in line.char_indices() {
        if n == field {
            start = i;
            break;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                n += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if n < field {
        start = line.len();
    }
    let rest = &line[start..];
    let start = start + (rest.len() - rest.trim_start().len());
    line[..start].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        match parse(text, Path::new("h.csv")) {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .iter()
                .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
                .collect(),
        }
    }

    #[test]
    fn reads_rows_in_any_column_order() {
        let h = parse("stage, period,entered,won_value\nidentify,2026-04,120,\nclose,2026-04,\"1,000\",350.5\n", Path::new("h.csv")).unwrap();
        assert_eq!(h.rows.len(), 2);
        assert_eq!(h.rows[0].period, Period::Month(2026, 4));
        assert_eq!(h.rows[1].entered, 1000.0);
        assert_eq!(h.rows[1].won_value, Some(350.5));
        assert_eq!((h.rows[1].line, h.rows[1].stage_col), (3, 1));
    }

    #[test]
    fn every_bad_cell_is_placed_at_its_line_and_column() {
        let m = messages(
            "period,stage,entered\n2026-13,identify,10\n2026-05,identify,ten\n2026-05,,4\n2026-Q3,identify,3\n2026-05,identify,5\n",
        );
        assert_eq!(
            m,
            [
                "2:1 `2026-13` is not a period",
                "3:18 `entered` must be a number of 0 or more, found `ten`",
                "4:9 missing `stage`",
                "5:1 `2026-Q3` is a quarter, but line 3 counts by months",
            ]
        );
        let m = messages("period,stage,entered\n2026-05,identify,-1\n2026-05,x,1\n2026-05,x,2\n");
        assert_eq!(
            m,
            [
                "2:18 `entered` must be a number of 0 or more, found `-1`",
                "4:1 `2026-05`, `x` is counted twice (first on line 3)"
            ]
        );
    }

    #[test]
    fn a_wrong_header_names_the_column_and_the_right_names() {
        let m = messages("period,stag,entered,notes\n");
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(m[0].starts_with("1:8 unknown column `stag`"), "{m:?}");
        assert!(m[1].starts_with("1:21 unknown column `notes`"), "{m:?}");
        assert_eq!(m[2], "1:1 the header has no `stage` column");
        assert_eq!(messages(""), ["0:0 history.csv is empty"]);
    }

    #[test]
    fn columns_skip_quoted_commas_and_leading_spaces() {
        assert_eq!(field_column("a,\"b,c\", d", 2), 10);
        assert_eq!(field_column("需求,x", 1), 4);
        assert_eq!(field_column("a", 3), 2);
    }
}
