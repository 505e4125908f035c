use super::*;
use crate::config::Field;
use pretty_assertions::assert_eq;
use std::path::PathBuf;
use tempfile::TempDir;

const UUID: &str = "123e4567-e89b-12d3-a456-426614174000";

fn dir() -> TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"))
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("write {path:?}: {e}"));
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path:?}: {e}"))
}

/// Loads `text` from a file and returns the error; panics if it loads.
fn load_err(text: &str) -> (ConfigError, PathBuf, TempDir) {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    write(&path, text);
    match load(&path) {
        Ok(s) => panic!("expected an error, loaded {s:?}"),
        Err(e) => (e, path, tmp),
    }
}

fn parse_parts(err: &ConfigError) -> (Option<usize>, Option<String>, String) {
    match err {
        ConfigError::Parse {
            line, key, message, ..
        } => (*line, key.clone(), message.clone()),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

/// Each `(text, line, key, message)`: loading `text` fails with that parse error.
fn assert_parse_errors(cases: &[(&str, usize, &str, &str)]) {
    for &(text, line, key, message) in cases {
        let (err, _path, _tmp) = load_err(text);
        assert_eq!(
            parse_parts(&err),
            (Some(line), Some(key.to_owned()), message.to_owned()),
            "{text:?}"
        );
    }
}

fn temp_files_in(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
                .collect()
        })
        .unwrap_or_default()
}

fn sample() -> Settings {
    let mut s = Settings {
        tenant_url: "example.brightpattern.com".to_owned(),
        client_web_server_url: "https://example.brightpattern.com".to_owned(),
        app_id: "MyChatEntry".to_owned(),
        client_id: UUID.to_owned(),
        ..Settings::default()
    };
    s.customer.first_name = "Zoë \"Z\" O'Neil".to_owned();
    s.customer.email = "zoe@example.com".to_owned();
    s.files.max_upload_mb = 10;
    s.notifications.desktop = true;
    s.ui.theme = "high-contrast".to_owned();
    s.network.poll_timeout_secs = 30;
    s.log.level = "debug".to_owned();
    s
}

// ---- load ------------------------------------------------------------------------------------

#[test]
fn missing_file_loads_defaults() {
    let tmp = dir();
    let loaded = load(&tmp.path().join("nope.toml")).ok();
    assert_eq!(loaded, Some(Settings::default()));
}

#[test]
fn empty_file_and_partial_file_load_with_defaults() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    write(&path, "");
    assert_eq!(load(&path).ok(), Some(Settings::default()));
    write(&path, "app_id = \"X\"\n[network]\npoll_timeout_secs = 5\n");
    let s = load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.app_id, "X");
    assert_eq!(s.network.poll_timeout_secs, 5);
    assert_eq!(s.network.request_timeout_secs, 15);
    assert_eq!(s.tenant_url, "");
}

#[test]
fn inline_and_dotted_tables_load() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    write(
        &path,
        "customer = { email = \"a@b.co\" }\nui.theme = \"high-contrast\"\n",
    );
    let s = load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.customer.email, "a@b.co");
    assert_eq!(s.ui.theme, "high-contrast");
}

#[test]
fn example_config_loads_and_validates_except_the_generated_client_id() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let s = load(&path).unwrap_or_else(|e| panic!("{e}"));
    let problems: Vec<Field> = s.validate().into_iter().map(|p| p.field).collect();
    assert_eq!(problems, vec![Field::ClientId]);
    // Every other setting is at its default.
    let with_defaults = Settings {
        tenant_url: s.tenant_url.clone(),
        client_web_server_url: s.client_web_server_url.clone(),
        app_id: s.app_id.clone(),
        ..Settings::default()
    };
    assert_eq!(s, with_defaults);
}

#[test]
fn example_config_mentions_every_setting() {
    let mut table = None;
    let mut keys = Vec::new();
    for line in TEMPLATE.lines().map(str::trim) {
        if let Some(name) = header_name(line) {
            table = Some(name.to_owned());
        } else if let Some((key, _)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
            let key = key.trim();
            keys.push(
                table
                    .as_ref()
                    .map_or(key.to_owned(), |t| format!("{t}.{key}")),
            );
        }
    }
    let expected: Vec<String> = Field::ALL.iter().map(|f| f.key().to_owned()).collect();
    assert_eq!(keys, expected);
}

#[test]
fn unknown_key_names_key_line_and_suggestion() {
    let (err, path, _tmp) = load_err("# sp-chat\n\ntenat_url = \"x\"\n");
    let (line, key, message) = parse_parts(&err);
    assert_eq!(line, Some(3));
    assert_eq!(key.as_deref(), Some("tenat_url"));
    assert_eq!(message, "unknown key; did you mean `tenant_url`?");
    let shown = err.to_string();
    assert!(shown.contains(&path.display().to_string()), "{shown}");
    assert!(shown.contains("line 3"), "{shown}");
    assert!(
        shown.contains("`tenat_url`") && shown.contains("`tenant_url`"),
        "{shown}"
    );
}

#[test]
fn unknown_keys_in_tables_and_misplaced_keys_are_explained() {
    let cases = [
        (
            "[customer]\nemial = \"\"\n",
            2,
            "customer.emial",
            "unknown key; did you mean `email`?",
        ),
        (
            "email = \"\"\n",
            1,
            "email",
            "unknown key; `email` belongs in the [customer] table",
        ),
        (
            "[customer]\napp_id = \"\"\n",
            2,
            "customer.app_id",
            "unknown key; `app_id` belongs at the top of the file, before any [table]",
        ),
        (
            "[custmer]\nemail = \"\"\n",
            1,
            "custmer",
            "unknown table; did you mean `customer`?",
        ),
        ("zzz = 1\n", 1, "zzz", "unknown key"),
    ];
    assert_parse_errors(&cases);
}

#[test]
fn wrong_types_are_reported_without_the_value() {
    let cases = [
        (
            "app_id = 12345\n",
            1,
            "app_id",
            "must be text in double quotes",
        ),
        (
            "client_id = true\n",
            1,
            "client_id",
            "must be text in double quotes",
        ),
        (
            "\n\n[network]\npoll_timeout_secs = \"20\"\n",
            4,
            "network.poll_timeout_secs",
            "must be a whole number (without quotes)",
        ),
        (
            "[files]\nmax_upload_mb = -1\n",
            2,
            "files.max_upload_mb",
            "must be a whole number from 0 to 4294967295",
        ),
        (
            "[notifications]\nbell = \"yes\"\n",
            2,
            "notifications.bell",
            "must be true or false (without quotes)",
        ),
        (
            "customer = \"Jane\"\n",
            1,
            "customer",
            "must be a table: put its settings under a [customer] line",
        ),
        (
            "[tenant_url]\nx = 1\n",
            1,
            "tenant_url",
            "must be text in double quotes",
        ),
    ];
    assert_parse_errors(&cases);
}

/// A credential typed into the wrong shape must not come back in the error, whatever part of
/// the loader catches it.
#[test]
fn errors_never_contain_the_offending_value() {
    let cases = [
        // Not TOML at all: an unquoted value.
        (
            "tenant_url = \"t\"\napp_id = 12345-SECRET-VALUE\n",
            Some("app_id"),
            2,
        ),
        // TOML, wrong type.
        ("client_id = 12345\n", Some("client_id"), 1),
        ("client_id = [\"SECRET-VALUE\"]\n", Some("client_id"), 1),
        (
            "client_id = { v = \"SECRET-VALUE\" }\n",
            Some("client_id"),
            1,
        ),
        ("app_id = 'SECRET-VALUE\n", Some("app_id"), 1),
        ("app_id = \"SECRET-VALUE\" SECRET\n", Some("app_id"), 1),
        (
            "[customer]\nphone = +1-555-SECRET\n",
            Some("customer.phone"),
            2,
        ),
        ("app_id = \"\"\"SECRET-VALUE\nsecret = \"oops\n", None, 0),
    ];
    for (text, key, line) in cases {
        let (err, _path, _tmp) = load_err(text);
        let shown = err.to_string();
        let debug = format!("{err:?}");
        assert!(!shown.contains("SECRET"), "{text:?} -> {shown}");
        assert!(!shown.contains("12345"), "{text:?} -> {shown}");
        assert!(!debug.contains("SECRET"), "{text:?} -> {debug}");
        let (got_line, got_key, _) = parse_parts(&err);
        assert_eq!(got_key.as_deref(), key, "{text:?} -> {shown}");
        if line > 0 {
            assert_eq!(got_line, Some(line), "{text:?} -> {shown}");
        }
    }
}

#[test]
fn syntax_errors_name_line_and_column() {
    let (err, _path, _tmp) = load_err("tenant_url = \"x\"\n[ui\n");
    let (line, _, message) = parse_parts(&err);
    assert_eq!(line, Some(2));
    assert!(message.starts_with("invalid TOML: "), "{message}");
    let (err, _path, _tmp) = load_err("app_id = \"a\"\napp_id = \"b\"\n");
    let (line, key, _) = parse_parts(&err);
    assert_eq!((line, key.as_deref()), (Some(2), Some("app_id")));
}

#[test]
fn non_utf8_and_bom_files() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    fs::write(&path, b"app_id = \"ok\"\nlog.level = \"\xff\"\n").unwrap_or_else(|e| panic!("{e}"));
    let err = load(&path).err().unwrap_or_else(|| panic!("loads"));
    let (line, _, message) = parse_parts(&err);
    assert_eq!((line, message.as_str()), (Some(2), "is not UTF-8 text"));
    write(&path, "\u{FEFF}app_id = \"ok\"\n");
    assert_eq!(load(&path).map(|s| s.app_id).ok().as_deref(), Some("ok"));
}

#[test]
fn unreadable_path_is_an_io_error() {
    let tmp = dir();
    // A directory where the file should be.
    let err = load(tmp.path()).err();
    assert!(matches!(err, Some(ConfigError::Io { .. })), "{err:?}");
}

// ---- save ------------------------------------------------------------------------------------

#[test]
fn save_then_load_round_trips() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    let s = sample();
    save(&path, &s).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(load(&path).ok(), Some(s.clone()));
    // And again over the file it wrote.
    let mut changed = s;
    changed.app_id = "Other".to_owned();
    changed.customer.email = String::new();
    save(&path, &changed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(load(&path).ok(), Some(changed));
}

#[test]
fn a_new_file_is_the_documented_template() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    save(&path, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    let text = read(&path);
    assert!(text.contains("# The tenant's domain"), "{text}");
    assert!(text.contains("tenant_url = \"\""), "{text}");
    assert_eq!(load(&path).ok(), Some(Settings::default()));
}

#[test]
fn save_preserves_comments_layout_and_foreign_keys() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    let original = "# my notes\n\
                    tenant_url = 'example.brightpattern.com' # literal string kept\n\
                    app_id = \"Old\"   # the entry\n\
                    \n\
                    [ui]\n\
                    # dark terminal\n\
                    theme = \"default\"\n";
    write(&path, original);
    let mut s = load(&path).unwrap_or_else(|e| panic!("{e}"));
    s.app_id = "New".to_owned();
    s.ui.theme = "high-contrast".to_owned();
    save(&path, &s).unwrap_or_else(|e| panic!("{e}"));
    let text = read(&path);
    assert!(text.starts_with("# my notes\n"), "{text}");
    assert!(
        text.contains("tenant_url = 'example.brightpattern.com' # literal string kept\n"),
        "{text}"
    );
    assert!(text.contains("app_id = \"New\"   # the entry\n"), "{text}");
    assert!(
        text.contains("[ui]\n# dark terminal\ntheme = \"high-contrast\"\n"),
        "{text}"
    );
    assert_eq!(load(&path).ok(), Some(s));
}

#[test]
fn save_replaces_an_unparseable_file() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    write(&path, "this is [not toml");
    save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(load(&path).ok(), Some(sample()));
}

#[test]
fn save_leaves_no_temp_files() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    for _ in 0..3 {
        save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(temp_files_in(tmp.path()), Vec::<PathBuf>::new());
    let names: Vec<_> = fs::read_dir(tmp.path())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(names, vec![std::ffi::OsString::from("config.toml")]);
}

#[test]
fn failed_save_keeps_the_old_file_and_cleans_up() {
    let tmp = dir();
    // The target is a directory: the rename fails after the temp file was written.
    let path = tmp.path().join("config.toml");
    fs::create_dir(&path).unwrap_or_else(|e| panic!("{e}"));
    fs::write(path.join("keep"), "x").unwrap_or_else(|e| panic!("{e}"));
    let err = save(&path, &sample()).err();
    assert!(matches!(err, Some(ConfigError::Io { .. })), "{err:?}");
    assert_eq!(temp_files_in(tmp.path()), Vec::<PathBuf>::new());
    assert_eq!(read(&path.join("keep")), "x");
}

/// A file's permission bits.
#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(unix)]
#[test]
fn save_writes_0600_in_a_new_0700_directory() {
    let tmp = dir();
    let path = tmp.path().join("a").join("b").join("config.toml");
    save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&tmp.path().join("a")), 0o700);
    assert_eq!(mode(&tmp.path().join("a").join("b")), 0o700);
}

#[cfg(unix)]
#[test]
fn save_tightens_a_world_readable_file_and_leaves_existing_dirs_alone() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = dir();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    let path = tmp.path().join("config.toml");
    write(&path, "app_id = \"x\"\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap_or_else(|e| panic!("{e}"));
    save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(tmp.path()), 0o755);
}

#[cfg(unix)]
#[test]
fn save_through_a_symlink_replaces_the_target() {
    let tmp = dir();
    let real = tmp.path().join("real.toml");
    let link = tmp.path().join("config.toml");
    write(&real, "# dotfiles\napp_id = \"x\"\n");
    std::os::unix::fs::symlink(&real, &link).unwrap_or_else(|e| panic!("{e}"));
    save(&link, &sample()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        fs::symlink_metadata(&link)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false)
    );
    assert!(read(&real).starts_with("# dotfiles\n"));
    assert_eq!(load(&link).ok(), Some(sample()));
}

// ---- load_or_init ----------------------------------------------------------------------------

#[test]
fn load_or_init_generates_and_keeps_a_client_id() {
    let tmp = dir();
    let path = tmp.path().join("sp-chat").join("config.toml");
    let first = load_or_init(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.validate_field(Field::ClientId), None);
    assert!(path.exists());
    let second = load_or_init(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.client_id, first.client_id);
    assert_eq!(load(&path).ok(), Some(first));
}

#[test]
fn load_or_init_keeps_an_existing_client_id_and_does_not_write() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    let text = format!("client_id = \"{UUID}\"\n");
    write(&path, &text);
    let s = load_or_init(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.client_id, UUID);
    assert_eq!(read(&path), text);
}

#[test]
fn load_or_init_reports_a_broken_file_instead_of_overwriting_it() {
    let (_, path, _tmp) = load_err("app_id = \n");
    assert!(load_or_init(&path).is_err());
    assert_eq!(read(&path), "app_id = \n");
}

// ---- helpers ---------------------------------------------------------------------------------

#[test]
fn position_counts_lines_and_char_columns() {
    assert_eq!(position("", 0), (1, 1));
    assert_eq!(position("ab\ncd", 4), (2, 2));
    assert_eq!(position("é\nxé", 6), (2, 3));
    // An offset inside a char counts from its start.
    assert_eq!(position("é\nxé", 5), (2, 2));
    assert_eq!(position("ab", 99), (1, 3));
}

#[test]
fn edit_distance_and_closest() {
    assert_eq!(edit_distance("tenat_url", "tenant_url"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(
        closest("clent_id", &["client_id", "app_id"]),
        Some("client_id")
    );
    assert_eq!(closest("zzzzzz", &["client_id", "app_id"]), None);
}

#[test]
fn unquoted_text_gets_a_hint() {
    let (err, _path, _tmp) = load_err("tenant_url = \"t\"\napp_id = 12345-SECRET-VALUE\n");
    let (line, key, message) = parse_parts(&err);
    assert_eq!((line, key.as_deref()), (Some(2), Some("app_id")));
    assert!(message.starts_with("invalid TOML: "), "{message}");
    assert!(
        message.ends_with("(text must be in double quotes)"),
        "{message}"
    );
    // A quoted value with a different mistake gets no such hint.
    let (err, _path, _tmp) = load_err("app_id = \"a\" b\n");
    let (_, _, message) = parse_parts(&err);
    assert!(!message.contains("double quotes"), "{message}");
}

// ---- [network] ca_file and proxy ---------------------------------------------------------------

/// Loads a config whose `[network] ca_file` is a file holding `pem` (`None`: no such file).
fn load_with_ca_file(pem: Option<&str>) -> (Result<Settings, ConfigError>, PathBuf, TempDir) {
    let tmp = dir();
    let ca = tmp.path().join("corp-ca.pem");
    if let Some(pem) = pem {
        write(&ca, pem);
    }
    let path = tmp.path().join("config.toml");
    write(
        &path,
        &format!("[network]\nca_file = \"{}\"\n", ca.display()),
    );
    (load(&path), ca, tmp)
}

#[test]
fn a_ca_file_that_gives_no_certificate_is_an_error_naming_the_file() {
    let key_only =
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";
    for (pem, problem) in [
        (None, "cannot be read"),
        (Some(""), "holds no certificate"),
        (Some(key_only), "holds no certificate"),
        (Some("not a certificate at all\n"), "holds no certificate"),
    ] {
        let (loaded, ca, _tmp) = load_with_ca_file(pem);
        let err = loaded.expect_err("unusable CA file");
        let shown = err.to_string();
        assert!(matches!(err, ConfigError::CaFile { .. }), "{err:?}");
        assert!(shown.contains("network.ca_file"), "{shown}");
        assert!(shown.contains(&ca.display().to_string()), "{shown}");
        assert!(shown.contains(problem), "{pem:?}: {shown}");
    }
}

#[test]
fn a_ca_file_with_certificates_loads_and_gives_them() {
    let pem = rcgen::CertifiedIssuer::self_signed(
        rcgen::CertificateParams::new(vec!["ca.test".to_owned()]).expect("params"),
        rcgen::KeyPair::generate().expect("key"),
    )
    .expect("cert")
    .pem();
    let (loaded, _ca, _tmp) = load_with_ca_file(Some(&format!("{pem}{pem}")));
    let settings = loaded.expect("loads");
    let certificates = settings.network.ca_certificates().expect("certificates");
    assert_eq!(certificates.len(), 2);
}

#[test]
fn ui_mode_loads_from_the_file() {
    let tmp = dir();
    let path = tmp.path().join("config.toml");
    write(&path, "[ui]\nmode = \"line\"\n");
    let s = load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.wants_line_mode());
}
