//! Reading a fleet file into a table: RFC 4180 CSV or JSON rows, bounded in rows and columns,
//! and the guess of which column holds the certificates, the device and the computer name.

use std::fmt;

/// At most this many rows are read; the rest is reported.
pub const MAX_ROWS: usize = 200_000;

/// At most this many columns are read (an inventory export has a few dozen); the rest is
/// reported.
pub const MAX_COLUMNS: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FleetError {
    NotATable,
    /// No column holds certificates; the columns are listed so the user can pick.
    NoCertificateColumn(Vec<String>),
    UnknownColumn(String),
}

impl fmt::Display for FleetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FleetError::NotATable => f.write_str("not a fleet file: expected CSV with a header row, or JSON rows"),
            FleetError::NoCertificateColumn(cols) => write!(f, "no column holds certificates; pick one of: {}", cols.join(", ")),
            FleetError::UnknownColumn(c) => write!(f, "there is no column named \"{c}\""),
        }
    }
}

impl std::error::Error for FleetError {}

/// Which columns to use; `None` means guess.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub device: Option<String>,
    pub certificate: Option<String>,
}

/// A table: header and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// True when the file had more than [`MAX_ROWS`] rows and the rest was not read.
    pub truncated: bool,
    /// True when the file had more than [`MAX_COLUMNS`] columns and the rest was not read.
    pub wide: bool,
}

/// RFC 4180 CSV (comma or semicolon, chosen from the header line), tolerant of CRLF and BOM.
pub fn parse_csv(text: &str) -> Table {
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    let sep = if first_line.matches(';').count() > first_line.matches(',').count() { ';' } else { ',' };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut truncated = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                if row.iter().any(|f| !f.is_empty()) {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
                // The header plus MAX_ROWS data rows; anything after is reported, never silent.
                if rows.len() > MAX_ROWS {
                    truncated = chars.clone().any(|c| !c.is_whitespace());
                    break;
                }
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let header = if rows.is_empty() { Vec::new() } else { rows.remove(0) };
    let wide = header.len() > MAX_COLUMNS;
    let mut header: Vec<String> = header.into_iter().take(MAX_COLUMNS).map(|h| h.trim().to_string()).collect();
    header.shrink_to_fit();
    Table { header, rows, truncated, wide }
}

/// JSON rows: `[{...}, …]` or `{"anything": [{...}, …]}`; nested values are kept as JSON text.
/// The header is every key in order of first appearance, found in one pass (a map from key to
/// column), at most [`MAX_COLUMNS`] of them; a row holds its cells up to the last key it has.
pub fn parse_json(text: &str) -> Option<Table> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let rows = match v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => o.into_iter().find_map(|(_, x)| match x {
            serde_json::Value::Array(a) => Some(a),
            _ => None,
        })?,
        _ => return None,
    };
    let mut header: Vec<String> = Vec::new();
    let mut column: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut wide = false;
    for r in &rows {
        for k in r.as_object()?.keys() {
            if !column.contains_key(k) {
                if header.len() == MAX_COLUMNS {
                    wide = true;
                    continue;
                }
                column.insert(k.clone(), header.len());
                header.push(k.clone());
            }
        }
    }
    let cell = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let truncated = rows.len() > MAX_ROWS;
    let rows = rows
        .iter()
        .take(MAX_ROWS)
        .map(|r| {
            let mut cells: Vec<String> = Vec::new();
            for (k, v) in r.as_object().into_iter().flatten() {
                if let Some(&i) = column.get(k) {
                    if cells.len() <= i {
                        cells.resize(i + 1, String::new());
                    }
                    cells[i] = cell(v);
                }
            }
            cells
        })
        .collect();
    Some(Table { header, rows, truncated, wide })
}

/// True when a dropped file is a fleet file (an inventory export), evaluated apart from the
/// other inputs.
pub fn is_fleet_file(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(looks_like_fleet)
}

/// True when the bytes look like a fleet file rather than a single paste.
pub fn looks_like_fleet(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let first = t.lines().next().unwrap_or_default().to_ascii_lowercase();
    let csv_header = !first.contains("-----")
        && (first.contains(',') || first.contains(';'))
        && ["serial", "device", "name", "computer", "udid", "certificate", "cert", "pem"].iter().any(|k| first.contains(k));
    let json = (t.starts_with('[') || t.starts_with('{')) && t.contains("BEGIN CERTIFICATE");
    (csv_header && t.lines().nth(1).is_some()) || json
}

pub(super) fn pick(header: &[String], rows: &[Vec<String>], cols: &Columns) -> Result<(usize, Option<usize>), FleetError> {
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name)).ok_or_else(|| FleetError::UnknownColumn(name.to_string()));
    let cert = match &cols.certificate {
        Some(c) => find(c)?,
        None => (0..header.len())
            .max_by_key(|i| rows.iter().take(50).filter(|r| r.get(*i).is_some_and(|c| c.contains("BEGIN CERTIFICATE") || c.starts_with("MII"))).count())
            .filter(|i| rows.iter().take(50).any(|r| r.get(*i).is_some_and(|c| c.contains("BEGIN CERTIFICATE") || c.starts_with("MII"))))
            .ok_or_else(|| FleetError::NoCertificateColumn(header.to_vec()))?,
    };
    let device = match &cols.device {
        Some(d) => Some(find(d)?),
        None => {
            const NAMES: &[&str] =
                &["serial", "serial_number", "serialnumber", "device", "device_name", "name", "computer", "computer_name", "hostname", "udid"];
            NAMES
                .iter()
                .find_map(|n| header.iter().position(|h| h.to_ascii_lowercase().replace([' ', '-'], "_") == *n))
                .or_else(|| (0..header.len()).find(|i| *i != cert))
        }
    };
    Ok((cert, device))
}

/// The computer-name column beside the device column (a serial): "Computer Name", "Device
/// Name", "Name" or "Hostname", so the table and its export keep both.
pub(super) fn name_column(header: &[String], cert: usize, device: Option<usize>) -> Option<usize> {
    const NAMES: &[&str] = &["computer_name", "computer", "device_name", "name", "hostname"];
    NAMES.iter().find_map(|n| header.iter().position(|h| h.to_ascii_lowercase().replace([' ', '-'], "_") == *n).filter(|&i| i != cert && Some(i) != device))
}
