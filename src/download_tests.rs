//! Tests of `download`: names that try to escape or deceive, never overwriting, the opener.

use super::*;

#[test]
fn safe_name_keeps_only_a_clean_last_component() {
    let cases = [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("/abs/path/x.txt", "x.txt"),
        ("..", "download"),
        (".", "download"),
        ("", "download"),
        ("dir/", "download"),
        (".bashrc", "bashrc"),
        ("...hidden.txt", "hidden.txt"),
        ("a\u{1b}[2Jb.txt", "a_[2Jb.txt"),
        ("invoice\u{202e}fdp.exe", "invoice_fdp.exe"),
        ("x\u{9b}y", "x_y"),
        ("tag\u{e0041}s", "tag_s"),
        ("name. . ", "name"),
        ("c:evil", "c_evil"),
        ("naïve café.txt", "naïve café.txt"),
    ];
    for (input, want) in cases {
        assert_eq!(safe_file_name(input), want, "for {input:?}");
    }
}

#[test]
fn long_names_are_capped_keeping_the_extension() {
    let long = format!("{}.pdf", "é".repeat(300));
    let got = safe_file_name(&long);
    assert!(got.len() <= MAX_NAME_BYTES, "{} bytes", got.len());
    assert!(got.ends_with(".pdf"));
    assert!(got.starts_with('é'));
}

#[test]
fn saves_inside_the_directory_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("a.txt");
    fs::write(&existing, b"keep me").unwrap();

    let first = save_download(dir.path(), "a.txt", b"one").unwrap();
    let second = save_download(dir.path(), "../a.txt", b"two").unwrap();
    assert_eq!(first, dir.path().join("a (1).txt"));
    assert_eq!(second, dir.path().join("a (2).txt"));
    assert_eq!(fs::read(&existing).unwrap(), b"keep me");
    assert_eq!(fs::read(&first).unwrap(), b"one");
    assert_eq!(fs::read(&second).unwrap(), b"two");
    // No temporary file is left behind.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a (1).txt", "a (2).txt", "a.txt"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_at_the_target_name_is_not_followed_or_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    fs::write(&victim, b"original").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("x.txt")).unwrap();
    let saved = save_download(dir.path(), "x.txt", b"payload").unwrap();
    assert_eq!(saved, dir.path().join("x (1).txt"));
    assert_eq!(fs::read(&victim).unwrap(), b"original");
}

#[cfg(unix)]
#[test]
fn creates_a_missing_directory_private() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("new/downloads");
    let saved = save_download(&dir, "x.bin", &[0, 1, 2]).unwrap();
    assert_eq!(fs::read(saved).unwrap(), [0, 1, 2]);
    let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn a_missing_opener_is_an_error_not_a_panic() {
    let err = open_detached("/nonexistent/sp-chat-opener", Path::new("/tmp/x")).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
}

#[cfg(unix)]
#[test]
fn the_opener_gets_the_path_as_one_argument() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("args");
    let script = dir.path().join("opener.sh");
    fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s|' \"$@\" > '{}'\n", out.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let mut child = open_detached(script.to_str().unwrap(), Path::new("/tmp/a b; rm x")).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(fs::read_to_string(out).unwrap(), "/tmp/a b; rm x|");
}
