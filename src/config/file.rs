//! The config file on disk: [`load`], [`load_or_init`], [`save`].
//!
//! Loading also reads `[network] ca_file`, so that a file that gives no certificate is an error
//! at start, naming that file.
//!
//! Loading checks the document against [`Field::ALL`] itself (unknown keys, wrong types) before
//! serde sees it, because serde's and toml's messages quote the offending value ("invalid type:
//! integer `12345`") and toml's `Display` quotes the source line. Our messages are built from a
//! span (for the line) and a description that never includes a value.
//!
//! Saving edits the existing document with `toml_edit`, so comments and layout survive, and a
//! new file starts from `config.example.toml`, so it documents itself. Writes are atomic (temp
//! file in the same directory, fsync, rename) and private (0600 file; 0700 for directories we
//! create).

use super::validate::{Field, FieldKind, FieldValue};
use super::{ConfigError, Settings};
use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;
use toml_edit::{Document, DocumentMut, Item, Key, Table, TableLike, Value};

/// A new file is the documented example with the actual values filled in.
const TEMPLATE: &str = include_str!("../../config.example.toml");

/// Reads the settings at `path`. A missing file gives the defaults. Empty required settings are
/// not an error here (the settings screen asks for them; see [`Settings::validate`]); invalid
/// TOML, an unknown key and a value of the wrong type are.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    match fs::read(path) {
        Ok(bytes) => parse(path, &bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(source) => Err(ConfigError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// [`load`], then, when there is no client id yet, generates one and saves it: the client id
/// identifies this device to the tenant and must survive restarts (PROTOCOL.md, "Addressing").
pub fn load_or_init(path: &Path) -> Result<Settings, ConfigError> {
    let mut settings = load(path)?;
    if settings.client_id.trim().is_empty() {
        settings.client_id = uuid::Uuid::new_v4().hyphenated().to_string();
        save(path, &settings)?;
    }
    Ok(settings)
}

/// Writes `settings` to `path` atomically with mode 0600, creating missing directories with
/// mode 0700. Comments and layout of an existing file are kept; keys it does not know are left
/// alone. If `path` is a symlink, the file it points to is replaced (dotfile managers link it).
pub fn save(path: &Path, settings: &Settings) -> Result<(), ConfigError> {
    let io_error = |source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).map_err(io_error)?,
        _ => path.to_path_buf(),
    };
    let existing = match fs::read_to_string(&target) {
        Ok(text) => Some(text),
        // Not there yet, or not text we could edit: write a fresh one.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::InvalidData
            ) =>
        {
            None
        }
        Err(source) => return Err(io_error(source)),
    };
    let text = render(existing.as_deref(), settings);
    write_atomically(&target, text.as_bytes()).map_err(io_error)
}

/// Parses the bytes of a config file; `path` is only for messages.
fn parse(path: &Path, bytes: &[u8]) -> Result<Settings, ConfigError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = position(valid, valid.len());
        ConfigError::Parse {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            key: None,
            message: "is not UTF-8 text".to_owned(),
        }
    })?;
    // Some Windows editors start files with a byte order mark; TOML does not allow one.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let doc = Document::parse(text).map_err(|e| {
        // toml_edit's `message()` is a fixed description ("invalid string", "expected `=`");
        // its `Display` would add the source line, which may hold a secret.
        let message = e.message().lines().next().unwrap_or("syntax error");
        syntax_error(path, text, e.span(), format!("invalid TOML: {message}"))
    })?;
    check_schema(doc.as_table()).map_err(|problem| problem.into_error(path, text))?;
    // After the schema check this cannot fail on anything but a bug; the message still stays
    // value-free.
    let settings = toml::from_str::<Settings>(text).map_err(|e| {
        syntax_error(
            path,
            text,
            e.span(),
            "has a value sp-chat cannot read".to_owned(),
        )
    })?;
    // A CA file that gives no certificate would make every request fail later, in vaguer
    // words: say so now, naming the file.
    settings.network.ca_certificates()?;
    Ok(settings)
}

fn syntax_error(
    path: &Path,
    text: &str,
    span: Option<Range<usize>>,
    message: String,
) -> ConfigError {
    let (line, column) = span.map(|s| position(text, s.start)).unzip();
    let key = line.and_then(|l| known_key_on_line(text, l));
    let mut message = message;
    // The most common mistake, `app_id = MyEntry`, reads to TOML as a broken date or number;
    // say what was meant.
    let unquoted_text = key
        .as_deref()
        .and_then(Field::from_key)
        .filter(|f| f.kind() == FieldKind::Text)
        .zip(line)
        .is_some_and(|(_, l)| value_on_line_is_unquoted(text, l));
    if unquoted_text {
        message.push_str(" (text must be in double quotes)");
    }
    ConfigError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        key,
        message,
    }
}

/// Whether the value after `=` on 1-based `line` starts with something other than a quote.
fn value_on_line_is_unquoted(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split_once('='))
        .is_some_and(|(_, value)| {
            let value = value.trim_start();
            !value.is_empty() && !value.starts_with(['"', '\''])
        })
}

/// A problem found by [`check_schema`], before it knows the path.
struct Problem {
    span: Option<Range<usize>>,
    key: String,
    message: String,
}

impl Problem {
    fn into_error(self, path: &Path, text: &str) -> ConfigError {
        let (line, column) = self.span.map(|s| position(text, s.start)).unzip();
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            key: Some(self.key),
            message: self.message,
        }
    }
}

/// The table of key remappings: free names (the keymap's actions, checked by `app::keymap::from_config`),
/// each a key spec in quotes.
const KEYS_TABLE: &str = "keys";

/// The tables of the file, in order: `customer`, `files`, …, `keys`.
fn known_tables() -> Vec<&'static str> {
    let mut tables: Vec<&'static str> = Field::ALL.iter().filter_map(Field::table).collect();
    tables.dedup();
    tables.push(KEYS_TABLE);
    tables
}

/// `[keys]`: a table of text values. The names are the keymap's to check (`app::keymap::from_config`).
fn check_keys_table(item: &Item, key_span: Option<Range<usize>>) -> Result<(), Problem> {
    let Some(table) = item.as_table_like() else {
        return Err(Problem {
            span: key_span.or_else(|| item.span()),
            key: KEYS_TABLE.to_owned(),
            message: format!("must be a table: put the keys under a [{KEYS_TABLE}] line"),
        });
    };
    for (name, value) in table.iter() {
        if !value.as_value().is_some_and(Value::is_str) {
            return Err(Problem {
                span: table.key(name).and_then(Key::span).or_else(|| value.span()),
                key: format!("{KEYS_TABLE}.{name}"),
                message: "must be a key in double quotes, e.g. \"ctrl-q\"".to_owned(),
            });
        }
    }
    Ok(())
}

/// Checks every key of the document against [`Field::ALL`]; the first problem in document order.
fn check_schema(root: &Table) -> Result<(), Problem> {
    let tables = known_tables();
    for (key, item) in root.iter() {
        let key_span = root.key(key).and_then(Key::span);
        if key == KEYS_TABLE {
            check_keys_table(item, key_span)?;
        } else if tables.contains(&key) {
            let Some(table) = item.as_table_like() else {
                return Err(Problem {
                    span: key_span.or_else(|| item.span()),
                    key: key.to_owned(),
                    message: format!("must be a table: put its settings under a [{key}] line"),
                });
            };
            for (name, sub_item) in table.iter() {
                let full = format!("{key}.{name}");
                let span = table.key(name).and_then(Key::span);
                match Field::from_key(&full) {
                    Some(field) => check_kind(field, sub_item, span)?,
                    None => return Err(unknown_key(Some(key), name, span, sub_item)),
                }
            }
        } else {
            match Field::from_key(key).filter(|f| f.table().is_none()) {
                Some(field) => check_kind(field, item, key_span)?,
                None => return Err(unknown_key(None, key, key_span, item)),
            }
        }
    }
    Ok(())
}

fn check_kind(field: Field, item: &Item, span: Option<Range<usize>>) -> Result<(), Problem> {
    let value = item.as_value();
    let problem = match field.kind() {
        FieldKind::Text => {
            (!value.is_some_and(Value::is_str)).then(|| "must be text in double quotes".to_owned())
        }
        FieldKind::Bool => (!value.is_some_and(Value::is_bool))
            .then(|| "must be true or false (without quotes)".to_owned()),
        FieldKind::Number => match value.and_then(Value::as_integer) {
            Some(n) if u32::try_from(n).is_ok() => None,
            Some(_) => Some(format!("must be a whole number from 0 to {}", u32::MAX)),
            None => Some("must be a whole number (without quotes)".to_owned()),
        },
    };
    match problem {
        None => Ok(()),
        Some(message) => Err(Problem {
            span: span.or_else(|| item.span()),
            key: field.key().to_owned(),
            message,
        }),
    }
}

/// An unknown key, with the most likely intended one: the same key misplaced in another table,
/// else a close spelling in the same table.
fn unknown_key(
    table: Option<&str>,
    name: &str,
    span: Option<Range<usize>>,
    item: &Item,
) -> Problem {
    let full = table.map_or_else(|| name.to_owned(), |t| format!("{t}.{name}"));
    let is_table = table.is_none() && item.is_table_like();
    let what = if is_table {
        "unknown table"
    } else {
        "unknown key"
    };
    let misplaced = Field::ALL
        .into_iter()
        .find(|f| f.name() == name && f.table() != table);
    let message = if let Some(field) = misplaced {
        match field.table() {
            Some(t) => format!("{what}; `{name}` belongs in the [{t}] table"),
            None => format!("{what}; `{name}` belongs at the top of the file, before any [table]"),
        }
    } else {
        let candidates: Vec<&str> = if is_table {
            known_tables()
        } else {
            Field::ALL
                .iter()
                .filter(|f| f.table() == table)
                .map(Field::name)
                .collect()
        };
        match closest(name, &candidates) {
            Some(guess) => format!("{what}; did you mean `{guess}`?"),
            None => what.to_owned(),
        }
    };
    Problem {
        span,
        key: full,
        message,
    }
}

/// The candidate nearest to `name` by edit distance, if near enough to be a typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|&(d, c)| d <= 2 || d * 3 <= c.len())
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars; keys are short, so the O(n·m) table is nothing.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            row.push(substitute.min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

/// 1-based line and column (in chars) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The setting on 1-based `line`, when the line reads `known_key = …` (or is a known table's
/// header), for syntax errors. Only names from [`Field::ALL`] are ever returned, so text from the
/// file (which may be part of a value, e.g. inside a multi-line string) is never echoed.
fn known_key_on_line(text: &str, line: usize) -> Option<String> {
    let mut table: Option<&str> = None;
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        let header = header_name(trimmed);
        if index + 1 == line {
            if let Some(header) = header {
                return known_tables()
                    .into_iter()
                    .find(|t| *t == header)
                    .map(str::to_owned);
            }
            let (key, _) = trimmed.split_once('=')?;
            let key = key.trim();
            let full = table.map_or_else(|| key.to_owned(), |t| format!("{t}.{key}"));
            return Field::from_key(&full).map(|f| f.key().to_owned());
        }
        if header.is_some() {
            table = header;
        }
    }
    None
}

/// `customer` for a `[customer]` line.
fn header_name(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    if inner.starts_with('[') {
        return None;
    }
    let (name, _) = inner.split_once(']')?;
    Some(name.trim())
}

/// The text of a config file holding `settings`: `existing` edited in place when it parses,
/// else the template filled in.
fn render(existing: Option<&str>, settings: &Settings) -> String {
    let mut doc = existing
        .and_then(|text| text.parse::<DocumentMut>().ok())
        .or_else(|| TEMPLATE.parse::<DocumentMut>().ok())
        .unwrap_or_default();
    for field in Field::ALL {
        let value = match settings.value(field) {
            FieldValue::Text(text) => Value::from(text),
            FieldValue::Bool(b) => Value::from(b),
            FieldValue::Number(n) => Value::from(i64::from(n)),
        };
        let root = doc.as_table_mut();
        let table: &mut dyn TableLike = match field.table() {
            None => root,
            Some(name) => {
                let item = root
                    .entry(name)
                    .or_insert_with(|| Item::Table(Table::new()));
                if !item.is_table_like() {
                    // `customer = "…"`: not something we can keep while writing our keys.
                    *item = Item::Table(Table::new());
                }
                match item.as_table_like_mut() {
                    Some(table) => table,
                    None => continue,
                }
            }
        };
        set_value(table, field.name(), value);
    }
    if !settings.keys.is_empty() {
        let item = doc
            .as_table_mut()
            .entry(KEYS_TABLE)
            .or_insert_with(|| Item::Table(Table::new()));
        if !item.is_table_like() {
            *item = Item::Table(Table::new());
        }
        if let Some(table) = item.as_table_like_mut() {
            for (name, spec) in &settings.keys {
                set_value(table, name, Value::from(spec.as_str()));
            }
        }
    }
    doc.to_string()
}

/// Sets `key` to `value`, keeping the old value's surrounding whitespace and trailing comment,
/// and leaving an equal value untouched (so its original spelling survives).
fn set_value(table: &mut dyn TableLike, key: &str, value: Value) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if !same_value(old, &value) {
                let decor = old.decor().clone();
                *old = value;
                *old.decor_mut() = decor;
            }
        }
        Some(other) => *other = Item::Value(value),
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Boolean(a), Value::Boolean(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        _ => false,
    }
}

/// Writes through a temp file in the same directory (so the rename cannot cross file systems)
/// and renames it over `target`: a reader, or a crash, sees the old file or the new one, never
/// half of one.
fn write_atomically(target: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    create_private_dir_all(dir)?;
    let name = target.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
    })?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
    let tmp = dir.join(tmp_name);
    let result = write_new_private(&tmp, contents).and_then(|()| fs::rename(&tmp, target));
    if result.is_err() {
        // Best effort: the error that matters is the one being returned.
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir);
    Ok(())
}

/// Creates the file (never opening an existing one) with mode 0600 from the start, so the
/// secrets are never readable by others, not even between create and chmod.
fn write_new_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Creates `dir` and missing parents with mode 0700. Existing directories are left as they are:
/// they are the user's (or another program's) to set.
fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes the rename durable. Best effort: the new file is already complete and in place, and
/// some file systems cannot sync a directory at all.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
