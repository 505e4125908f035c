use super::*;
use image::{ImageFormat, RgbaImage};

const HEADSET_PNG: &[u8] = include_bytes!("../sim/assets/product.png");

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(img)
        .write_to(&mut out, ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

/// A PNG whose header claims `width`×`height` pixels with almost no data behind it: what a
/// decompression bomb looks like before it is decoded.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut real = png(1, 1);
    // IHDR's width and height follow the 8-byte signature, the chunk length and its type.
    real[16..20].copy_from_slice(&width.to_be_bytes());
    real[20..24].copy_from_slice(&height.to_be_bytes());
    // Fix the IHDR checksum so the decoder reaches the size check.
    let crc = crc32(&real[12..29]);
    real[29..33].copy_from_slice(&crc.to_be_bytes());
    real
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn store() -> Images {
    Images::new(Picker::halfblocks())
}

fn decoded(bytes: &[u8]) -> Arc<DynamicImage> {
    Arc::new(decode(bytes).expect("decodes"))
}

#[test]
fn a_picture_decodes_from_its_content_whatever_its_name() {
    let image = decode(HEADSET_PNG).expect("the demo picture decodes");
    assert_eq!((image.width(), image.height()), (200, 140));
    assert_eq!(natural_cells(&image, (10, 20)), (20, 7));
    assert_eq!(
        natural_cells(&image, (0, 0)),
        (200, 140),
        "no division by zero"
    );
}

#[test]
fn what_is_not_a_picture_is_refused_in_words() {
    assert_eq!(
        decode(b"%PDF-1.7 not a picture").unwrap_err(),
        "not a picture format sp-chat can show"
    );
    assert_eq!(
        decode(b"").unwrap_err(),
        "not a picture format sp-chat can show"
    );
    let truncated = &HEADSET_PNG[..HEADSET_PNG.len() / 2];
    assert_eq!(
        decode(truncated).unwrap_err(),
        "the picture could not be read"
    );
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_decoded() {
    assert_eq!(
        decode(&png_claiming(100_000, 100_000)).unwrap_err(),
        "the picture is too large to preview"
    );
    // Within the side limit but more memory than allowed.
    assert_eq!(
        decode(&png_claiming(16_000, 16_000)).unwrap_err(),
        "the picture is too large to preview"
    );
}

#[test]
fn a_large_picture_is_kept_small() {
    let image = decode(&png(2000, 500)).expect("decodes");
    assert_eq!((image.width(), image.height()), (SOURCE_MAX_PX, 192));
    let small = decode(&png(30, 10)).expect("decodes");
    assert_eq!((small.width(), small.height()), (30, 10), "never enlarged");
}

#[test]
fn the_store_encodes_what_a_frame_asks_for_once() {
    let mut images = store();
    let cells = images.insert("chat-1", 7, decoded(HEADSET_PNG));
    assert_eq!(cells, (20, 7), "half-blocks count 10×20 pixels a cell");
    let size = Size::new(20, 7);

    assert!(
        matches!(images.paint(99, size), Paint::Gone),
        "unknown entry"
    );
    assert!(matches!(images.paint(7, size), Paint::Pending));
    assert!(matches!(images.paint(7, size), Paint::Pending));
    let requests = images.take_requests();
    assert_eq!(requests.len(), 1, "asked once while in flight");
    assert_eq!(requests[0].2, size);

    let result = encode(images.picker(), &requests[0].1, size);
    images.encoded("chat-1", 7, size, result);
    match images.paint(7, size) {
        Paint::Ready(protocol) => assert_eq!(protocol.size(), size),
        Paint::Pending | Paint::Gone | Paint::Hidden => panic!("encoded at that size"),
    }
    // Another width (a resize): encoded again, off the UI thread.
    assert!(matches!(images.paint(7, Size::new(10, 3)), Paint::Pending));
    assert_eq!(images.take_requests().len(), 1);
}

#[test]
fn a_new_chat_or_a_stale_answer_does_not_mix_pictures() {
    let mut images = store();
    images.insert("chat-1", 1, decoded(HEADSET_PNG));
    images.insert("chat-2", 2, decoded(HEADSET_PNG));
    assert_eq!(images.kept(), (1, 0), "the first chat's picture is gone");
    let size = Size::new(4, 2);
    assert!(matches!(images.paint(2, size), Paint::Pending));
    let (_, image, _) = images.take_requests().remove(0);
    images.encoded("chat-1", 2, size, encode(images.picker(), &image, size));
    assert_eq!(
        images.kept(),
        (1, 0),
        "an answer about the old chat is dropped"
    );
}

#[test]
fn memory_is_bounded_by_dropping_the_least_recently_drawn() {
    let mut images = store();
    let picture = decoded(&png(40, 40));
    for id in 0..(MAX_SOURCES as u64 + 10) {
        images.insert("chat-1", id, picture.clone());
        if id == 0 {
            continue;
        }
        // Entry 0 is drawn all along: it must survive.
        let _ = images.paint(0, Size::new(4, 2));
    }
    assert_eq!(images.kept().0, MAX_SOURCES);
    assert!(!matches!(images.paint(0, Size::new(4, 2)), Paint::Gone));
    assert!(matches!(images.paint(1, Size::new(4, 2)), Paint::Gone));

    images.take_requests();
    for id in 0..(MAX_ENCODED as u64 + 5) {
        let size = Size::new(4, 2);
        let _ = images.paint(id + 10, size);
    }
    images.encode_waiting_now();
    assert_eq!(images.kept().1, MAX_ENCODED);
}

#[test]
fn a_failed_encode_is_not_retried_every_frame() {
    let mut images = store();
    images.insert("chat-1", 3, decoded(HEADSET_PNG));
    let size = Size::new(20, 7);
    let _ = images.paint(3, size);
    images.take_requests();
    images.encoded("chat-1", 3, size, Err("no".into()));
    assert!(matches!(images.paint(3, size), Paint::Gone));
    assert!(images.take_requests().is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever bytes arrive behind a picture format's signature, decoding answers (a picture
    /// within bounds, or a sentence) and never takes the app down.
    #[test]
    fn hostile_bytes_never_escape_the_decoder(
        signature in proptest::sample::select(vec![
            &b"\x89PNG\r\n\x1a\n"[..], &b"\xff\xd8\xff\xe0"[..], &b"GIF89a"[..],
            &b"RIFF\0\0\0\0WEBPVP8 "[..], &b"BM"[..], &b""[..],
        ]),
        tail in proptest::collection::vec(proptest::num::u8::ANY, 0..2048),
    ) {
        let mut bytes = signature.to_vec();
        bytes.extend_from_slice(&tail);
        match decode(&bytes) {
            Ok(image) => proptest::prop_assert!(
                image.width() <= SOURCE_MAX_PX && image.height() <= SOURCE_MAX_PX
            ),
            Err(why) => proptest::prop_assert!(!why.is_empty() && !why.contains('\n')),
        }
    }
}

#[test]
fn a_panic_inside_a_decoder_is_contained() {
    let answer = crate::runtime::terminal::contain_panic(|| -> u8 { panic!("decoder bug") });
    assert_eq!(answer, Err("decoder bug".to_string()));
    assert_eq!(crate::runtime::terminal::contain_panic(|| 7), Ok(7));
}
